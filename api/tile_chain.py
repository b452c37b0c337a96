"""Map tiles (`/tiles/...`) answered through a middleware chain of their own, settings.TILE_MIDDLEWARE.

A map asks for dozens of tiles a view, each the same for every visitor in every language and never written to. The
language, messages, CSRF, history context and the API's own middleware have nothing to do there, yet ran for every
tile: a quarter of an empty tile's time in one process (1.2 -> 0.9 ms on the benchmark machine), and the language's
`Vary: Accept-Language` had shared caches keep a copy of each tile per language."""

from django.conf import settings
from django.core.handlers.base import BaseHandler

TILE_PREFIX = "/tiles/"


class TileChain(BaseHandler):
    """A handler whose middleware is settings.TILE_MIDDLEWARE. BaseHandler builds its chain from settings.MIDDLEWARE
    alone, so that setting is lent the tile list while the chain is built (once, as the worker starts)."""

    def __init__(self):
        super().__init__()
        middleware = settings.MIDDLEWARE
        settings.MIDDLEWARE = settings.TILE_MIDDLEWARE
        try:
            self.load_middleware()
        finally:
            settings.MIDDLEWARE = middleware


class TileChainMiddleware:
    """First in settings.MIDDLEWARE: a tile request goes down the TileChain (its own view, exception and response
    middleware) instead of the rest of this chain; the handler around both (WSGI, ASGI, the test client) still
    sends the request signals and logs the answer once."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.tiles = TileChain()

    def __call__(self, request):
        if request.path_info.startswith(TILE_PREFIX):
            return self.tiles._middleware_chain(request)
        return self.get_response(request)

"""`/tiles/{layer}/{z}/{x}/{y}.mvt`: Mapbox vector tiles of the published polygons (kb/selectors/tiles.py).

A tile made under the current data stamp (api/caching.py), which moves with every write, is served from memory. Its
ETag is a hash of its bytes: the stamp also moves with a commit anywhere on the server, so an ETag made from it would
change without the tile, and a map revalidating its tiles would download them again."""

import hashlib

from django.http import Http404, HttpResponse, HttpResponseNotModified
from django.views.decorators.http import require_safe

from api.caching import RESPONSE_CACHE_SECONDS, data_stamp, if_none_match_matches
from kb.selectors.tiles import TILE_LAYERS, tile_in_range, tile_mvt
from kb.shared_cache import cache_get_or_none, cache_set_if_reachable

MVT_CONTENT_TYPE = "application/vnd.mapbox-vector-tile"
# Short, so that a map shows a published change within a minute without asking again for every tile it pans over.
TILE_MAX_AGE = 60


@require_safe
def tile_view(request, layer: str, z: int, x: int, y: int):
    if layer not in TILE_LAYERS or not tile_in_range(z=z, x=x, y=y):
        raise Http404("No such tile.")
    key = hashlib.sha256(f"{layer}/{z}/{x}/{y}|{data_stamp()}".encode()).hexdigest()
    found = cache_get_or_none(f"tile:{key}", use="response_cache")
    if found is None:
        tile = tile_mvt(layer=layer, z=z, x=x, y=y)
        found = (f'"{hashlib.sha256(tile).hexdigest()[:32]}"', tile)
        cache_set_if_reachable(f"tile:{key}", found, RESPONSE_CACHE_SECONDS, use="response_cache")
    etag, tile = found
    headers = {"ETag": etag, "Cache-Control": f"public, max-age={TILE_MAX_AGE}"}
    # Compared weakly (RFC 9110 13.1.2): a proxy that compresses the tile sends back W/"…"; `*` matches any tile.
    if if_none_match_matches(request.headers.get("If-None-Match", ""), etag):
        return HttpResponseNotModified(headers=headers)
    return HttpResponse(tile, content_type=MVT_CONTENT_TYPE, headers=headers)

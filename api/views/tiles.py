"""`/tiles/{layer}/{z}/{x}/{y}.mvt`: Mapbox vector tiles of the published polygons (kb/selectors/tiles.py).

A tile made under the current data stamp (api/caching.py), which moves with every write, is served from memory. Its
ETag is a hash of its bytes: the stamp also moves with a commit anywhere on the server, so an ETag made from it would
change without the tile, and a map revalidating its tiles would download them again.

Sent gzip-compressed to a client that accepts it (every browser, GDAL): a tile's protobuf shrinks by about half at
zooms 6 to 10 (673 -> 291 kB, 17 -> 10 kB on average over the benchmark's tiles). Compressed once per tile and stamp,
when a client first asks for it so; its ETag is the tile's, weak (the bytes differ, the tile is the same).

From zoom 13 a tile covers a few kilometres and holds a few polygons: PostGIS makes it in 0.2-0.3 ms, no more than
reading the data stamp and looking the tile up in the cache take, so it is made on every request, in one round
trip, neither stamped nor kept."""

import gzip
import hashlib

from django.http import Http404, HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_safe

from api.caching import RESPONSE_CACHE_SECONDS, data_stamp, if_none_match_matches
from kb.compression import MIN_LENGTH, accepted_encoding
from kb.selectors.tiles import TILE_LAYERS, tile_in_range, tile_mvt
from kb.shared_cache import cache_get_or_none, cache_set_if_reachable

MVT_CONTENT_TYPE = "application/vnd.mapbox-vector-tile"
# Short, so that a map shows a published change within a minute without asking again for every tile it pans over.
TILE_MAX_AGE = 60
GZIP_LEVEL = 6  # gzip's default; Brotli at the API's level makes tiles no smaller
# The benchmark's tiles (100,000 polygons) at p50: zoom 11 1.4 ms, 12 0.55 ms, 13 0.31 ms, 14 0.23 ms.
MADE_ON_EVERY_REQUEST_FROM_ZOOM = 13


def _cached(key: str, make):
    found = cache_get_or_none(key, use="response_cache")
    if found is None:
        found = make()
        cache_set_if_reachable(key, found, RESPONSE_CACHE_SECONDS, use="response_cache")
    return found


def _store(layer: str, z: int, x: int, y: int):
    """`kept(kind, make)` for one tile: below MADE_ON_EVERY_REQUEST_FROM_ZOOM what `make` gives is kept under the
    tile and the data stamp (read here, once); from there it is made every time, and no stamp is read."""
    if z >= MADE_ON_EVERY_REQUEST_FROM_ZOOM:
        return lambda kind, make: make()
    key = hashlib.sha256(f"{layer}/{z}/{x}/{y}|{data_stamp()}".encode()).hexdigest()
    return lambda kind, make: _cached(f"{kind}:{key}", make)


def _made(layer: str, z: int, x: int, y: int) -> tuple[str, bytes]:
    tile = tile_mvt(layer=layer, z=z, x=x, y=y)
    return f'"{hashlib.sha256(tile).hexdigest()[:32]}"', tile


def _gzipped(tile: bytes) -> bytes | None:
    """The tile compressed, or None where that would not make it smaller (the view asks for tiles of MIN_LENGTH
    bytes or more only)."""
    compressed = gzip.compress(tile, compresslevel=GZIP_LEVEL, mtime=0)
    return compressed if len(compressed) < len(tile) else None


@require_safe
def tile_view(request, layer: str, z: int, x: int, y: int):
    if layer not in TILE_LAYERS or not tile_in_range(z=z, x=x, y=y):
        raise Http404("No such tile.")
    kept = _store(layer, z, x, y)
    etag, tile = kept("tile", lambda: _made(layer, z, x, y))
    encoding = None
    if accepted_encoding(request.headers.get("Accept-Encoding", ""), offered=("gzip",)) and len(tile) >= MIN_LENGTH:
        compressed = kept("tile-gzip", lambda: (_gzipped(tile),))[0]
        if compressed is not None:
            etag, tile, encoding = f"W/{etag}", compressed, "gzip"
    headers = {"ETag": etag, "Cache-Control": f"public, max-age={TILE_MAX_AGE}"}
    # Compared weakly (RFC 9110 13.1.2): a compressed tile's W/"…" matches the tile's "…"; `*` matches any tile.
    if if_none_match_matches(request.headers.get("If-None-Match", ""), etag):
        response = HttpResponseNotModified(headers=headers)
    else:
        response = HttpResponse(tile, content_type=MVT_CONTENT_TYPE, headers=headers)
        if encoding:
            response["Content-Encoding"] = encoding
    patch_vary_headers(response, ("Accept-Encoding",))
    return response

"""The least a tile server can do, for bench/maps.py: a tile's statement as the API prepares it (captured from the
view; $BENCH_TILE_STATEMENT names the JSON file) on a connection kept per thread, the tile's bytes as the body. No
Django, data stamp, cache, ETag, compression, authentication or routing. Served by the same gunicorn as the
application, its time over the floor is what HTTP and the server alone cost around a tile."""

import json
import os
import threading
from pathlib import Path

from common import floor_connection  # bench/common.py: planned as the application plans it

STATEMENT = json.loads(Path(os.environ["BENCH_TILE_STATEMENT"]).read_text())
_kept = threading.local()


def application(environ, start_response):
    if getattr(_kept, "connection", None) is None:
        _kept.connection = floor_connection(os.environ["DATABASE_URL"], autocommit=True)
    z, x, y = environ["PATH_INFO"].removesuffix(".mvt").split("/")[-3:]
    params = {**STATEMENT["params"], "z": int(z), "x": int(x), "y": int(y)}
    tile = _kept.connection.execute(STATEMENT["prepared"], params, prepare=True).fetchone()[0]
    body = bytes(tile) if tile is not None else b""
    headers = [("Content-Type", "application/vnd.mapbox-vector-tile"), ("Content-Length", str(len(body)))]
    start_response("200 OK", headers)
    return [body]

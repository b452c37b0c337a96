"""Run by test_pooled_exports.py in a process of its own, with KB_DB_POOL_MAX_SIZE set (so the settings build the
pool as a deployment's would): a streamed CSV download is held open mid-stream while other requests borrow the
pool's other connection, then finished; prints what was seen as JSON."""

import json
import sys
import threading
from wsgiref.util import setup_testing_defaults

import django

django.setup()

from django.core.handlers.wsgi import WSGIHandler  # noqa: E402
from django.db import connections  # noqa: E402

import api.views.mixins.exports as export_views  # noqa: E402
from kb.services.exports import rows_export_stream  # noqa: E402

handler = WSGIHandler()
EXPORT = "/api/v1/countries/"  # some 250 rows in the demo data: ten fetches and more


def get(path: str, query: str = "", *, on_chunk=None) -> tuple[int, bytes]:
    """One request through Django's WSGI handler, as a server runs it: read to the end, then closed (which returns
    the connection to the pool)."""
    environ = {"PATH_INFO": path, "QUERY_STRING": query, "REQUEST_METHOD": "GET", "REMOTE_ADDR": "127.0.0.1"}
    setup_testing_defaults(environ)
    status = []
    result = handler(environ, lambda s, headers, exc_info=None: status.append(int(s.split()[0])))
    chunks = []
    try:
        for chunk in result:
            chunks.append(chunk)
            if on_chunk:
                on_chunk(len(chunks))
    finally:
        result.close()
    return status[0], b"".join(chunks)


def small_chunks(**kwargs):
    """Through the server-side cursor, 25 rows a fetch and a chunk: many fetches while others use the pool."""
    return rows_export_stream(**{**kwargs, "chunk_size": 25, "rows_per_chunk": 25, "sql": False})


def main() -> None:
    streaming, others_done = threading.Event(), threading.Event()
    found = {}

    def hold_mid_stream(count: int) -> None:
        if count == 2:  # the header and the first rows are out: the cursor is open
            streaming.set()
            found["held_mid_stream"] = others_done.wait(60)  # False: the others did not finish while it was held

    def export() -> None:
        export_views.rows_export_stream = small_chunks
        found["pooled"] = get(EXPORT, "format=csv", on_chunk=hold_mid_stream)

    exporter = threading.Thread(target=export)
    exporter.start()
    streaming.wait(60)
    statuses = []

    def others() -> None:
        for path in ("/api/v1/casualties/", "/api/v1/treaties/", "/api/v1/sources/"):
            statuses.append(get(path)[0])

    workers = [threading.Thread(target=others) for _ in range(3)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    others_done.set()
    exporter.join()
    export_views.rows_export_stream = rows_export_stream
    alone = get(EXPORT, "format=csv")  # PostgreSQL's COPY, nothing else running: the reference bytes
    stats = connections["default"].pool.get_stats()
    metrics = [line for line in get("/metrics")[1].decode().splitlines() if line.startswith("kb_db_pool_")]
    json.dump(
        {
            "held_mid_stream": found.get("held_mid_stream", False),
            "others": statuses,
            "pooled_status": found["pooled"][0],
            "pooled_body": found["pooled"][1].decode(),
            "alone_body": alone[1].decode(),
            "pool": {key: stats.get(key, 0) for key in ("pool_max", "pool_size", "pool_available", "requests_errors")},
            "metrics": metrics,
        },
        sys.stdout,
    )


if __name__ == "__main__":
    main()

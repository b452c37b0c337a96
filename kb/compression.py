"""Compressed responses: Brotli or gzip for every text response (pages, JSON, GeoJSON, the schema, streamed CSV and
HXL), chosen by the request's Accept-Encoding, with `Vary: Accept-Encoding`. Binary answers pass as they are
(GeoPackage files; vector tiles, which their view compresses once per tile, api/views/tiles.py).

gzip is Django's GZipMiddleware (with its Heal-the-BREACH padding); Brotli uses Google's `brotli` bindings at a level
meant for dynamic content. HTML that depends on the visitor's cookie (admin pages, forms with CSRF tokens) is only
ever gzip, so it keeps that padding."""

import brotli
from django.middleware.gzip import GZipMiddleware
from django.utils.cache import has_vary_header, patch_vary_headers

# Quality 4 costs less CPU than gzip -6 (JSON pages end at about half gzip's size, CSV a little larger); Brotli's
# default 11 is meant for static files compressed once (docs/performance.md has the figures).
BROTLI_QUALITY = 4
MIN_LENGTH = 200  # as GZipMiddleware: shorter answers do not gain from it
TEXT_TYPES = ("text/", "application/json", "application/javascript", "application/xml", "application/vnd.oai.openapi")
TEXT_SUFFIXES = ("+json", "+xml")


def is_text(content_type: str) -> bool:
    media_type = content_type.split(";", 1)[0].strip().lower()
    return media_type.startswith(TEXT_TYPES) or media_type.endswith(TEXT_SUFFIXES)


def accepted_encoding(header: str, *, offered: tuple[str, ...]) -> str | None:
    """The encoding of `offered` (in order of preference) the client ranks highest by q-value; None for none."""
    ranks: dict[str, float] = {}
    for part in header[:500].split(","):
        name, _, params = part.partition(";")
        quality = 1.0
        for param in params.split(";"):
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        ranks[name.strip().lower()] = quality
    best = max(offered, key=lambda encoding: ranks.get(encoding, ranks.get("*", 0.0)))
    return best if ranks.get(best, ranks.get("*", 0.0)) > 0 else None


def brotli_stream(chunks):
    compressor = brotli.Compressor(quality=BROTLI_QUALITY)
    for chunk in chunks:
        # flush: each chunk reaches the client as it is produced (a streamed CSV is read while it downloads)
        if data := compressor.process(chunk) + compressor.flush():
            yield data
    yield compressor.finish()


class CompressionMiddleware(GZipMiddleware):
    def process_response(self, request, response):
        if (
            response.has_header("Content-Encoding")
            or not is_text(response.get("Content-Type", ""))
            or (not response.streaming and len(response.content) < MIN_LENGTH)
        ):
            return response
        personal_html = response.get("Content-Type", "").startswith("text/html") and has_vary_header(response, "Cookie")
        offered = ("gzip",) if personal_html else ("br", "gzip")
        encoding = accepted_encoding(request.META.get("HTTP_ACCEPT_ENCODING", ""), offered=offered)
        if encoding == "gzip":
            return super().process_response(request, response)
        patch_vary_headers(response, ("Accept-Encoding",))
        if encoding != "br":
            return response
        if response.streaming:
            response.streaming_content = brotli_stream(response.streaming_content)
            del response.headers["Content-Length"]
        else:
            compressed = brotli.compress(response.content, quality=BROTLI_QUALITY)
            if len(compressed) >= len(response.content):
                return response
            response.content = compressed
            response.headers["Content-Length"] = str(len(compressed))
        # The bytes differ from the uncompressed answer's: a strong ETag becomes weak (RFC 9110 8.8.1), as gzip's.
        etag = response.get("ETag")
        if etag and etag.startswith('"'):
            response.headers["ETag"] = "W/" + etag
        response.headers["Content-Encoding"] = "br"
        return response

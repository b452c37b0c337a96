"""Request bodies: JSON with bounded nesting and no NUL characters, checked before any view sees the data."""

import json

from django.conf import settings
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

MAX_DEPTH = 32
MSG_TOO_DEEP = "The JSON nests deeper than {depth} levels."
MSG_NUL = "The JSON contains a NUL character (\\u0000), which no field accepts."
MSG_INVALID = "JSON parse error - {error}"


def _check(value, depth: int = 0) -> None:
    if depth > MAX_DEPTH:
        raise ParseError(MSG_TOO_DEEP.format(depth=MAX_DEPTH))
    if isinstance(value, str):
        if "\x00" in value:
            raise ParseError(MSG_NUL)
    elif isinstance(value, dict):
        for key, item in value.items():
            _check(key, depth + 1)
            _check(item, depth + 1)
    elif isinstance(value, list):
        for item in value:
            _check(item, depth + 1)


class StrictJSONParser(JSONParser):
    """DRF's JSON parser, plus a depth limit and a NUL check. Python's json module recurses once per level, so
    100,000 nested brackets raise RecursionError (not the ValueError DRF turns into a 400); and PostgreSQL text
    cannot hold NUL."""

    def parse(self, stream, media_type=None, parser_context=None):
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        raw = stream.read() if stream is not None else b""
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError as exc:
            raise ParseError(MSG_INVALID.format(error=exc)) from None
        try:
            data = json.loads(text, parse_constant=_no_constant)
        except (ValueError, RecursionError) as exc:
            raise ParseError(MSG_INVALID.format(error=exc)) from None
        _check(data)
        return data


def _no_constant(name: str):
    raise ValueError(f"{name} is not valid JSON")

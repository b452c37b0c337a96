"""orjson where it gives the bytes (and the values) the standard library gives, the standard library elsewhere.

Pages of a hundred items spent about 2 ms a request reading PostgreSQL's JSON and writing the answer with `json`;
orjson does both in a fraction of that. It differs from `json` in a few places, each checked here:

- Writing: floats below 1e-4 in magnitude (orjson writes 0.00001 and 2.5e-7, `json` 1e-05 and 2.5e-07). A text in
  which such a number may stand (a digit then `e-`, or `0.0000` after a non-digit) is written again by `json`; a
  string or a stored fragment holding those characters only costs that second pass. NaN and infinities, which the
  API's strict `json` refuses (a 500), orjson writes as null.
- Writing: dict keys that are not strings, integers beyond 64 bits and lone surrogates make orjson raise: `json`
  writes those.
- Reading: orjson reads an integer beyond 64 bits as a float. `loads` is for texts PostgreSQL wrote from stored
  columns (the pages of api/json_lines.py), and no integer or decimal column of the models holds such an integer;
  texts orjson refuses (NaN, lone surrogates) go to `json`.

tests/api/test_fast_json.py holds both to `json` on random values."""

import json
import re

import orjson

SMALL_EXPONENT = re.compile(rb"e-(?<=[0-9]e-)[0-9]")
LEADING_ZEROS = re.compile(rb"0\.0000(?<![0-9]0\.0000)")
# Dates and times go to `default` (DRF's encoder writes them its way); dataclasses too, as `json` cannot write them.
OPTIONS = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS


def loads(text: str):
    """json.loads(text) of a text with no integer beyond 64 bits (above)."""
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        return json.loads(text)


def dumps_compact(data, default) -> bytes | None:
    """The UTF-8 bytes of json.dumps(data, default=default, ensure_ascii=False, separators=(",", ":")), or None where
    orjson's may differ and the caller should use `json` itself. `default` turns what JSON lacks into what it has
    (orjson.Fragment for text written as it is)."""
    try:
        written = orjson.dumps(data, default=default, option=OPTIONS)
    except orjson.JSONEncodeError:
        return None
    return None if small_float_may_stand(written) else written


def small_float_may_stand(written: bytes) -> bool:
    """Is there a digit, `e-`, a digit, or a `0.0000` after a non-digit (where orjson and `json` may write a float
    below 1e-4 differently)? Each pattern begins with its literal text, which the regular expression engine looks for
    at C speed, and checks the digit before it by a lookbehind. (A pattern beginning with the digit class was tried at
    every digit of a page's coordinates, milliseconds; a loop of `find` stopped in Python at every `e-`, as in
    `source-05`: 0.135 ms for a page of 100 casualty records, 0.098 ms here.)"""
    return SMALL_EXPONENT.search(written) is not None or LEADING_ZEROS.search(written) is not None

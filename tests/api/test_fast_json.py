"""JSON answers written by orjson are the bytes `json` writes (api/fast_json.py), and pages read by orjson are the
values `json` reads, on random values where the two libraries differ most."""

import datetime as dt
import decimal
import json
import math
import random
import re
import struct
import uuid

import pytest
from django.apps import apps
from django.db import models
from django.utils.translation import gettext_lazy

from api import fast_json
from api.renderers import JSONRenderer, RawJSON

STRINGS = ["", "plain", "é Київ Мины", "\u2028\u2029", "😀", "\x00\x1f\x7f", '"\\/', "1e-05 0.00001", "\ufeff"]


def random_float(rng: random.Random) -> float:
    kind = rng.random()
    if kind < 0.3:  # any bit pattern: every exponent
        value = struct.unpack("d", struct.pack("Q", rng.getrandbits(64)))[0]
        return value if math.isfinite(value) else 0.0
    if kind < 0.6:  # around the magnitudes where the two write differently
        return rng.choice((1, -1)) * rng.uniform(1, 10) * 10.0 ** rng.randint(-9, 17)
    return round(rng.uniform(-180, 180), rng.randint(0, 15))  # coordinates, shares, areas


def random_character(rng: random.Random) -> str:
    code = rng.randrange(0x30000)
    return chr(code) if not 0xD800 <= code < 0xE000 else "s"  # no lone surrogates: no stored text holds one


def random_value(rng: random.Random, depth: int = 0):
    kind = rng.randrange(14 if depth < 3 else 10)
    return [
        lambda: random_float(rng),
        lambda: rng.randint(-(2**70), 2**70) if rng.random() < 0.1 else rng.randint(-(10**6), 10**6),
        lambda: rng.choice(STRINGS) + "".join(random_character(rng) for _ in range(rng.randrange(4))),
        lambda: rng.choice((True, False, None)),
        lambda: decimal.Decimal(str(round(random_float(rng), 6))) if rng.random() < 0.5 else decimal.Decimal("1E-7"),
        lambda: dt.datetime(2026, 12, 6, 1, 2, 3, rng.choice((0, 456)), tzinfo=rng.choice((None, dt.UTC))),
        lambda: dt.date(1997, 12, 3),
        lambda: uuid.UUID(int=rng.getrandbits(128)),
        lambda: gettext_lazy("Published"),
        lambda: RawJSON(json.dumps(random_float(rng))),
        lambda: [random_value(rng, depth + 1) for _ in range(rng.randrange(5))],
        lambda: tuple(random_value(rng, depth + 1) for _ in range(rng.randrange(3))),
        lambda: {rng.choice(STRINGS) + str(n): random_value(rng, depth + 1) for n in range(rng.randrange(5))},
        lambda: {rng.choice((1, 2.5, True, None, "k")): random_value(rng, depth + 1)},  # keys json turns into text
    ][kind]()


@pytest.mark.parametrize("seed", range(6))
def test_the_answer_is_the_bytes_json_writes(seed):
    rng = random.Random(seed)
    renderer = JSONRenderer()
    for _ in range(400):
        value = random_value(rng)
        assert renderer.render(value) == renderer._render_with_json(value, None, None), value


def test_a_page_of_records_is_written_by_orjson_and_a_tiny_float_by_json():
    page = {"count": 2, "results": [{"id": 1, "area": 12.5, "note": "de-mining", "geometry": RawJSON('{"a":[1.5]}')}]}
    assert fast_json.dumps_compact(page, lambda obj: json.loads(obj.text)) is not None
    written = b'{"count":2,"results":[{"id":1,"area":12.5,"note":"de-mining","geometry":{"a":[1.5]}}]}'
    assert JSONRenderer().render(page) == written
    for tiny in (1e-05, 2.5e-07, -3e-05):
        assert fast_json.dumps_compact([tiny], None) is None
        assert JSONRenderer().render({"share": tiny}) == json.dumps({"share": tiny}, separators=(",", ":")).encode()


PIECES = (b"0", b"7", b"e", b"-", b".", b"a", b"e-", b"0.0000", b"0.000", b"5e-0")


def small_float_by_definition(written: bytes) -> bool:
    digits = b"0123456789"
    exponent = any(
        written[i - 1] in digits and written[i : i + 2] == b"e-" and written[i + 2] in digits
        for i in range(1, len(written) - 2)
    )
    zeros = any(
        written[i : i + 6] == b"0.0000" and (i == 0 or written[i - 1] not in digits) for i in range(len(written))
    )
    return exponent or zeros


def test_a_text_where_a_tiny_float_may_stand_is_found_wherever_it_is():
    """At the start, at the end, after letters (`source-05`), after digits, cut short: on random texts of the
    pieces that matter."""
    rng = random.Random(7)
    for _ in range(20000):
        written = b"".join(rng.choice(PIECES) for _ in range(rng.randrange(6)))
        assert fast_json.small_float_may_stand(written) == small_float_by_definition(written), written


def test_indented_answers_are_still_written_by_json():
    assert JSONRenderer().render({"a": [1]}, "application/json; indent=2") == b'{\n  "a": [\n    1\n  ]\n}'


def test_a_number_json_cannot_write_is_null_where_it_was_an_error():
    assert JSONRenderer().render({"x": math.nan, "y": math.inf}) == b'{"x":null,"y":null}'


@pytest.mark.parametrize("seed", range(4))
def test_a_page_read_by_orjson_is_what_json_reads(seed):
    rng = random.Random(seed)
    for _ in range(400):
        value = random_value(rng)
        text = json.dumps(value, default=str, ensure_ascii=rng.random() < 0.5)
        if re.search(r"[0-9]{20}", text):
            continue  # integers beyond 64 bits: not in the texts `loads` reads (below)
        assert repr(fast_json.loads(text)) == repr(json.loads(text)), text
    assert math.isnan(fast_json.loads("[NaN]")[0])  # which orjson refuses


def test_no_stored_number_is_an_integer_beyond_64_bits():
    """What `loads` reads is PostgreSQL's rendering of stored columns: an integer there must fit 64 bits."""
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.DecimalField):
                assert field.max_digits - field.decimal_places <= 18, (model, field.name)

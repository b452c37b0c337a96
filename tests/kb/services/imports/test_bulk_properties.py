"""Property tests of the two SQL twins: random files give the same outcome through the row path and the bulk path,
and random records export to the same bytes through the Python renderer and PostgreSQL COPY.

The bulk import and the COPY export restate in SQL rules that the row path and the row export keep in Python; these
tests are what proves the two agree, for files and texts nobody wrote by hand.
"""

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kb.models import CasualtyRecord, Citation, LandReleaseRecord, Source
from kb.services.imports import ImportRejected, rows_import
from tests.factories.reference import AdminAreaFactory, AreaFactory, OrganisationFactory
from tests.kb.services.imports.test_bulk import CASUALTY_HEADER, LAND_HEADER, path_history, stored
from tests.kb.services.imports.test_bulk_export import both

pytestmark = pytest.mark.django_db

PROPERTY_SETTINGS = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,  # the same examples on every run: a failure here is reproducible, never a flake
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)

# Values each column may take: mostly valid, some invalid, so that files are accepted and rejected.
AREAS = ["XKX", "XKX", "XKX", "QQQ"]
PCODES = ["", "", "XKX01", "ZZZ99"]
PERIODS = ["2019", "2020", "2021", "2021-06", "2019-01-01/2020-06-30", "2022-12-31", "2019-13", "20x1"]
SOURCES = ["lm2022-impact", "lm2021-impact", "no-such-source"]
CIVILIAN = ["", "", "civilian", "deminer", "soldier"]
SEX = ["", "", "female", "male"]
AGE = ["", "child", "adult"]
DEVICE = ["", "", "improvised_mine", "anti_vehicle_mine"]
COUNTS = st.one_of(st.just(""), st.integers(min_value=0, max_value=500).map(str), st.sampled_from(["-5", "x", "1.5"]))
SHARES = st.sampled_from(["", "", "", "12.5", "100", "101", "abc"])
PREFERRED = st.sampled_from(["", "", "true", "false", "maybe"])
QUALIFIERS = st.sampled_from(["", "", "total:at_least", "killed:approximately", "bogus:at_least", "total:many"])
TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")) | st.sampled_from("\t\n=-+@"), max_size=12)
OPERATORS = ["", "", "XKX demining", "Nobody Ltd"]
LAND_DEVICE = ["", "anti_personnel_mine", "other_erw", "mine"]


def csv_cell(text: str) -> str:
    return '"' + text.replace('"', '""') + '"' if any(c in text for c in ',"\n\r') else text


def csv_line(cells: list[str]) -> str:
    return ",".join(csv_cell(cell) for cell in cells) + "\n"


@st.composite
def casualty_rows(draw) -> str:
    pick = lambda options: draw(st.sampled_from(options))  # noqa: E731
    return csv_line(
        [
            pick(AREAS),
            pick(PCODES),
            pick(PERIODS),
            pick(CIVILIAN),
            pick(SEX),
            pick(AGE),
            pick(DEVICE),
            *(draw(COUNTS) for _ in range(4)),  # total, killed, injured, fate_unknown
            draw(SHARES),
            draw(COUNTS),
            draw(TEXT),
            draw(PREFERRED),
            draw(QUALIFIERS),
            pick(SOURCES),
            draw(TEXT),
            draw(TEXT),
            draw(TEXT),
        ]
    )


@st.composite
def land_rows(draw) -> str:
    pick = lambda options: draw(st.sampled_from(options))  # noqa: E731
    qualifiers = draw(st.sampled_from(["", "", "released_m2:approximately", "total:at_least"]))
    return csv_line(
        [
            pick(AREAS),
            pick(PCODES),
            pick(PERIODS),
            pick(OPERATORS),
            pick(LAND_DEVICE),
            *(draw(COUNTS) for _ in range(7)),
            draw(PREFERRED),
            qualifiers,
            pick(SOURCES),
        ]
    )


def files(rows) -> st.SearchStrategy[str]:
    return st.lists(rows, min_size=1, max_size=8).map("".join)


class Undo(Exception):
    pass


def outcome(resource: str, model, text: str, *, bulk: bool):
    """Import in a savepoint that is rolled back: what was stored and recorded, or what was reported."""
    try:
        with transaction.atomic():
            try:
                report = rows_import(resource=resource, content=text.encode(), filename="f.csv", bulk=bulk, batch_id=7)
            except ImportRejected as exc:
                found = ("rejected", [(i.row, i.column, i.value, i.message) for i in exc.issues])
            else:
                found = ("stored", report.totals, stored(model), path_history(model, bulk=bulk))
            raise Undo
    except Undo:
        return found


@pytest.fixture
def places(db):
    area = AreaFactory(code="XKX", name="Kosovo (test)")
    AdminAreaFactory(pcode="XKX01", area=area)
    OrganisationFactory(name="XKX demining")


@pytest.mark.parametrize(
    ("resource", "model", "header", "rows"),
    [
        ("casualties", CasualtyRecord, CASUALTY_HEADER, casualty_rows()),
        ("land-release", LandReleaseRecord, LAND_HEADER, land_rows()),
    ],
)
@PROPERTY_SETTINGS
@given(data=st.data())
def test_random_files_fare_alike_on_both_paths(places, resource, model, header, rows, data):
    text = header + data.draw(files(rows))
    assert outcome(resource, model, text, bulk=True) == outcome(resource, model, text, bulk=False)


@PROPERTY_SETTINGS
@given(
    texts=st.lists(TEXT, min_size=1, max_size=6),
    counts=st.lists(st.one_of(st.none(), st.integers(min_value=0, max_value=10**6)), min_size=6, max_size=6),
    share=st.one_of(st.none(), st.decimals(min_value=0, max_value=100, places=2)),
)
def test_random_records_export_alike_through_python_and_copy(demo_data, texts, counts, share):
    try:
        with transaction.atomic():
            queryset = casualties_with(texts, counts, share)
            for fmt in ("csv", "hxl"):
                rows, copied = both("casualties", queryset, fmt)
                assert copied == rows
            raise Undo
    except Undo:
        pass


def casualties_with(texts: list[str], counts: list, share):
    """One published record a year for each text, with the counts, share and a further citation."""
    area = AreaFactory(code="XKX", name="Kosovo (test)")
    source = Source.objects.get(slug="lm2022-impact")
    other = Source.objects.get(slug="lm2021-impact")
    parts = counts[1:4]
    total = None if counts[0] is None else counts[0] + sum(c or 0 for c in parts)
    if total is None and all(c is None for c in parts) and share is None:
        total = 1  # a record needs a figure
    qualifiers = {"total": "at_least"} if total is not None and counts[5] and counts[5] % 2 else {}
    for year, text in enumerate(texts, start=2000):
        record = CasualtyRecord.objects.create(
            area=area,
            period_kind="year",
            period_start=f"{year}-01-01",
            period_end=f"{year}-12-31",
            source=source,
            total=total,
            killed=parts[0],
            injured=parts[1],
            fate_unknown=parts[2],
            share_percent=share,
            share_of=counts[4],
            share_basis=text,
            notes=text,
            source_quote=text,
            source_locator=text[:50],
            qualifiers=qualifiers,
            status="published",
        )
        Citation.objects.create(record=record, source=other, locator=text[:50])
    return CasualtyRecord.objects.filter(area=area).order_by("area__name", "-period_start", "id")

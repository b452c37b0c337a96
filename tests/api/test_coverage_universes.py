"""Coverage against a universe of areas expected to have data, and tidy CSV/HXL (one row per area, year, statistic)."""

import csv
import io

import pytest

from kb.models import Area, ContaminationRecord, CoverageList, Source

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_data")]


def _rows(api_client, **params) -> dict:
    response = api_client.get("/api/v1/coverage/", params)
    assert response.status_code == 200, response.json()
    return {row["area"]["iso3"]: row for row in response.json()["rows"]}


def _khm_contaminated(kind: str, start: str, end: str) -> None:
    ContaminationRecord.objects.create(
        area=Area.objects.get(code="KHM"),
        period_kind=kind,
        period_start=start,
        period_end=end,
        confirmed_m2=5,
        source=Source.objects.get(slug="lm2023-impact"),
        status="published",
    )


def test_all_states_show_cambodia_as_missing(api_client):
    assert "KHM" not in _rows(api_client)  # the old matrix: only areas with data
    rows = _rows(api_client, universe="all-states", year__gte=2020, year__lte=2022)
    assert rows["KHM"]["cells"] == {} and rows["KHM"]["missing_years"] == [2020, 2021, 2022]
    assert rows["SYR"]["missing_years"] == [2020, 2021] and rows["SYR"]["cells"]["2022"] == ["casualties"]
    assert "WLD" not in rows and "APMBC-SP" not in rows  # aggregates are not states


def test_states_parties_on_a_date(api_client):
    rows = _rows(api_client, universe="states-parties", treaty="APMBC", on="2026-03-01")
    assert "UKR" in rows and "POL" not in rows  # Ukraine still bound (armed conflict), Poland withdrawn
    assert "POL" in _rows(api_client, universe="states-parties", treaty="APMBC", on="2025-06-01")
    missing = api_client.get("/api/v1/coverage/", {"universe": "states-parties"})
    assert missing.status_code == 400 and list(missing.json()) == ["treaty"]


def test_a_staff_kept_list_and_contaminated_states(api_client):
    focus = CoverageList.objects.create(slug="focus", name="Focus countries")
    focus.areas.set(Area.objects.filter(code__in=["KHM", "SYR"]))
    assert set(_rows(api_client, universe="list", list="focus")) == {"KHM", "SYR"}
    assert api_client.get("/api/v1/coverage/", {"universe": "list", "list": "nope"}).status_code == 400
    _khm_contaminated("as_of", "2023-12-31", "2023-12-31")
    assert set(_rows(api_client, universe="contaminated")) == {"KHM"}


@pytest.mark.parametrize("fmt", ["csv", "hxl"])
def test_tidy_csv_and_hxl(api_client, fmt):
    response = api_client.get(
        "/api/v1/coverage/", {"universe": "all-states", "year__gte": 2022, "year__lte": 2022, "format": fmt}
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "[" not in text and "{" not in text  # no Python repr in cells
    lines = text.splitlines()
    assert lines[0] == "area,area_name,year,statistic,present"
    if fmt == "hxl":
        assert lines[1].startswith("#")
        lines = [lines[0], *lines[2:]]
    rows = list(csv.DictReader(io.StringIO("\n".join(lines))))
    syria = {row["statistic"]: row["present"] for row in rows if row["area"] == "SYR"}
    assert syria["casualties"] == "true" and syria["funding"] == "false"
    assert {row["present"] for row in rows if row["area"] == "KHM"} == {"false"}
    assert len(rows) == len({(row["area"], row["statistic"]) for row in rows})


def _contamination(code: str, day: str, status: str = "published", **figures) -> ContaminationRecord:
    return ContaminationRecord.objects.create(
        area=Area.objects.get(code=code),
        period_kind="as_of",
        period_start=day,
        period_end=day,
        source=Source.objects.get(slug="lm2023-impact"),
        status=status,
        **figures,
    )


def test_contaminated_states_per_year_say_what_is_known_and_what_is_missing(api_client):
    _contamination("KHM", "2022-10-31", extent_class="unknown")  # listed as contaminated, extent not reported
    _contamination("SYR", "2022-10-31", suspected_m2=1_000_000)
    _contamination("SYR", "2021-10-31", extent_class="unknown")
    _contamination("WLD", "2022-10-31", affected_areas=60)  # the world count is not a state
    _contamination("AFG", "2022-10-31", status="draft", extent_class="unknown")  # not public
    response = api_client.get("/api/v1/coverage/", {"universe": "contaminated", "year__gte": 2021, "year__lte": 2022})
    assert response.status_code == 200
    body = response.json()
    assert body["checked"] == ["contamination", "land-release", "casualties"]
    rows = {row["area"]["iso3"]: row for row in body["rows"]}
    assert set(rows) == {"KHM", "SYR"}
    assert rows["KHM"]["reported_years"] == [2022]
    assert rows["KHM"]["missing"] == {"2022": ["contamination", "land-release", "casualties"]}
    assert "contamination" not in rows["KHM"]["cells"].get("2022", [])  # a listing is not a known extent
    assert rows["SYR"]["reported_years"] == [2021, 2022]
    assert rows["SYR"]["missing"]["2022"] == ["land-release"]  # extent and casualties known
    assert rows["SYR"]["missing"]["2021"] == ["contamination", "land-release", "casualties"]
    other = _rows(api_client, universe="all-states", year__gte=2022, year__lte=2022)
    assert other["KHM"]["reported_years"] is None and other["KHM"]["missing"] is None
    csv_rows = list(
        csv.DictReader(
            io.StringIO(
                api_client.get(
                    "/api/v1/coverage/",
                    {"universe": "contaminated", "year__gte": 2022, "year__lte": 2022, "format": "csv"},
                ).content.decode()
            )
        )
    )
    syria = {row["statistic"]: row["present"] for row in csv_rows if row["area"] == "SYR"}
    assert syria == {"contamination": "true", "land-release": "false", "casualties": "true"}
    assert {row["year"] for row in csv_rows} == {"2022"}


def test_a_figure_over_two_years_covers_both(api_client):
    """A period from 2019-01-01 to 2020-06-30 is a figure for 2020 too: the matrix left 2020 missing."""
    _khm_contaminated("range", "2019-01-01", "2020-06-30")
    row = _rows(api_client, universe="all-states", year__gte=2020, year__lte=2021)["KHM"]
    assert row["cells"] == {"2020": ["contamination"]} and row["missing_years"] == [2021]
    row = _rows(api_client, universe="contaminated")["KHM"]
    assert row["reported_years"] == [2019, 2020] and row["missing"]["2020"] == ["land-release", "casualties"]

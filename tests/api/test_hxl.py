"""Every HXL download passes libhxl's own schema validation (the checks the HXL Proxy runs) with no error, uses
hashtags of the HXL dictionary only, and sums as HXL tools sum: killed per year over headline rows."""

import csv
import datetime as dt
import io

import hxl
import pytest

from api.urls import router
from tests.factories import (
    AdminAreaFactory,
    AreaFactory,
    CasualtyRecordFactory,
    HazardAreaFactory,
    LandReleaseActivityFactory,
    TreatyObligationFactory,
)
from tests.factories.statistics import ContaminationRecordFactory, UseReportFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_data")]

# The HXL 1.1 core hashtags (https://hxlstandard.org/standard/dictionary/).
DICTIONARY = {
    *"access activity adm1 adm2 adm3 adm4 adm5 affected beneficiary capacity cause channel contact country crisis "
    "currency date delivery description event frequency geo group impact indicator inneed item loc meta modality "
    "need operations org output population reached region respondee sector service severity status subsector "
    "targeted value".split()
}
# Computed routes and the parameters they need; every router list besides.
COMPUTED = {
    "treaty-status/": {"treaty": "APMBC"},
    "treaty-status/POL/": {"treaty": "APMBC"},
    "casualties/summary/": {},
    "countries/POL/profile/": {},
    "coverage/": {"universe": "all-states", "year__gte": "2020", "year__lte": "2022"},
    "hazard-areas/remaining/": {"group_by": "admin_area"},
}
# Not data rows, so JSON only: the release index (its archives hold the CSVs), the data dictionary and export jobs
# (their files are the downloads checked here).
NOT_DATA = {"releases", "data-dictionary", "exports"}
ROUTES = {**{f"{prefix}/": {} for prefix, _viewset, _basename in router.registry if prefix not in NOT_DATA}, **COMPUTED}


@pytest.fixture
def mapped(db):
    """Rows where the demo data has none (hazard areas, land-release activities, contamination, use reports, treaty
    obligations), and figures at admin levels 1 and 2."""
    country = AreaFactory(code="XHX", name="Hexland")
    province = AdminAreaFactory(pcode="XH01", area=country)
    district = AdminAreaFactory(pcode="XH0102", area=country, parent=province, level=2)
    hazard = HazardAreaFactory(area=country, admin_area=district, reference="H-1")
    LandReleaseActivityFactory(area=country, admin_area=province, reference="L-1").hazard_areas.add(hazard)
    ContaminationRecordFactory(area=country, admin_area=district, confirmed_m2=1200)
    UseReportFactory(area=country, actor_area=country, actor_name="Hex forces")
    TreatyObligationFactory(area=country)
    CasualtyRecordFactory(area=country, admin_area=district, total=4, killed=1)
    CasualtyRecordFactory(area=country, admin_area=province, total=9, killed=2)


def _hxl_rows(api_client, route: str, params: dict) -> list[list[str]]:
    response = api_client.get(f"/api/v1/{route}", {**params, "format": "hxl"})
    assert response.status_code == 200, (route, response.content[:300])
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return list(csv.reader(io.StringIO(body.decode())))


@pytest.mark.parametrize("route", sorted(ROUTES))
def test_every_hxl_download_is_valid_for_libhxl(api_client, mapped, route):
    rows = _hxl_rows(api_client, route, ROUTES[route])
    assert len(rows) > 2, f"{route} has no data rows to validate"
    issues = []
    hxl.schema(callback=issues.append).validate(hxl.data(rows))  # warnings (rare spellings) are advice, not errors
    errors = [f"{i.rule.tag_pattern} {i.value!r}: {i.message}" for i in issues if i.rule.severity == "error"]
    assert errors == [], errors[:10]
    columns = hxl.data(rows).columns
    assert len(columns) == len(rows[0])  # every column is tagged
    assert {column.tag.lstrip("#") for column in columns} <= DICTIONARY
    assert {column.tag for column in columns} - {"#meta"}, "every column is #meta"


def test_pcodes_are_tagged_by_admin_level(api_client, mapped):
    rows = _hxl_rows(api_client, "casualties/", {"area": "XHX", "ordering": "-total"})
    data = list(hxl.data(rows))
    assert [row.get("#loc+code") for row in data] == ["XH01", "XH0102"]
    assert [row.get("#adm1+code") for row in data] == ["XH01", "XH01"]
    assert [row.get("#adm2+code") for row in data] == [None, "XH0102"]


def test_headline_rows_sum_killed_per_year_without_double_counting(api_client):
    """The HXL Proxy recipe: keep #meta+headline=true, then sum #affected+killed per #date+year. The 2020 figure is
    also broken down by sex, which a plain sum would count twice."""
    area = AreaFactory(code="XHY")
    CasualtyRecordFactory(area=area, total=10, killed=4)
    CasualtyRecordFactory(area=area, sex="female", total=6, killed=1)
    CasualtyRecordFactory(area=area, sex="male", total=4, killed=3)
    CasualtyRecordFactory(area=area, period_start=dt.date(2021, 1, 1), total=7, killed=2)
    rows = _hxl_rows(api_client, "casualties/", {"area": "XHY"})

    def sums(data) -> dict[str, float]:
        counted = data.count("#date+year", ["sum(#affected+killed) as Killed#affected+killed+sum"])
        return {row.get("#date+year"): float(row.get("#affected+killed+sum")) for row in counted}

    assert sums(hxl.data(rows).with_rows("#meta+headline=true")) == {"2020": 4, "2021": 2}
    assert sums(hxl.data(rows)) == {"2020": 8, "2021": 2}  # what summing every row would claim

"""A logical backup (every resource exported in the import format) restores to identical public API output.

The full backup is pg_dump (scripts/backup_check.sh restores one and compares the API byte for byte); this is the
copy anyone can read without PostgreSQL. Record ids are surrogate keys and change on re-import, so they are left
out of the comparison; everything else must be identical."""

import json

import pytest

from kb.choices import ReviewStatusChoices
from kb.models import (
    AdminArea,
    Area,
    ArmedConflictPeriod,
    CasualtyRecord,
    Citation,
    ContaminationRecord,
    FundingRecord,
    LandReleaseRecord,
    Organisation,
    ProductionRecord,
    Programme,
    ProgrammeFinancing,
    ProgrammeMilestone,
    Source,
    StockpileRecord,
    Transfer,
    Treaty,
    TreatyAction,
    TreatyObligation,
    UseReport,
)
from kb.services.exports import rows_export
from kb.services.imports import RESOURCES, rows_import

pytestmark = pytest.mark.django_db

# Dependency order for restoring; deletion runs in reverse.
ORDER = [
    "areas",
    "admin-areas",
    "treaties",
    "organisations",
    "sources",
    "armed-conflicts",
    "treaty-actions",
    "treaty-obligations",
    "casualties",
    "contamination",
    "land-release",
    "stockpiles",
    "production",
    "use-reports",
    "transfers",
    "programmes",
    "programme-financing",
    "programme-milestones",
    "funding",
]
PUBLIC = [
    "/api/v1/casualties/?figures=all&limit=1000",
    "/api/v1/countries/POL/profile/?on=2026-03-01",
    "/api/v1/countries/?limit=1000",
    "/api/v1/treaty-status/?treaty=APMBC&on=2026-03-01",
    "/api/v1/casualties/summary/?area=WLD&group_by=year",
    "/api/v1/sources/?limit=1000",
    "/api/v1/land-release/?figures=all",
    "/api/v1/stockpiles/?figures=all",
    "/api/v1/funding/?figures=all",
    "/api/v1/production/?figures=all",
    "/api/v1/programmes/",
    "/api/v1/programme-financing/",
    "/api/v1/programme-milestones/",
    "/api/v1/transfers/?figures=all",
    "/api/v1/treaty-actions/?limit=1000",
    "/api/v1/organisations/",
    "/api/v1/coverage/",
]


def without_ids(value):
    if isinstance(value, dict):
        return {k: without_ids(v) for k, v in value.items() if k != "id"}
    if isinstance(value, list):
        return [without_ids(v) for v in value]
    return value


def canonical(body):
    """Rows tied on the ordering fields come in id order, and ids change: compare lists as sorted rows."""
    body = without_ids(body)
    if isinstance(body, dict) and isinstance(body.get("results"), list):
        body["results"] = sorted(body["results"], key=json.dumps)
    return body


def public_output(api_client) -> dict:
    return {path: canonical(api_client.get(path).json()) for path in PUBLIC}


def test_export_delete_import_gives_identical_public_output(api_client, demo_data):
    assert set(ORDER) == set(RESOURCES)
    before = public_output(api_client)
    files = {}
    for resource in ORDER:
        model = RESOURCES[resource]._meta.model
        queryset = model._default_manager.all()
        if hasattr(model, "status"):
            queryset = queryset.filter(status=ReviewStatusChoices.PUBLISHED)  # the public dataset
        files[resource] = rows_export(resource=resource, queryset=queryset, fmt="hxl")

    Citation.objects.all().delete()
    for model in (
        CasualtyRecord,
        ContaminationRecord,
        LandReleaseRecord,
        StockpileRecord,
        ProductionRecord,
        UseReport,
        Transfer,
        FundingRecord,
        ProgrammeFinancing,
        ProgrammeMilestone,
        Programme,
        TreatyObligation,
        TreatyAction,
        ArmedConflictPeriod,
        Source,
        Organisation,
        Treaty,
        AdminArea,
        Area,
    ):
        model._default_manager.all().delete()
    assert api_client.get("/api/v1/casualties/").json()["count"] == 0

    for resource in ORDER:
        rows_import(
            resource=resource,
            content=files[resource],
            filename=f"{resource}.csv",
            initial_status=ReviewStatusChoices.PUBLISHED,
        )
    assert public_output(api_client) == before

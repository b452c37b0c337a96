"""The seed report's open threads in the public record (fixtures/public/): producer states without a named plant,
possible transfers of mines, and East Shield's milestones load as published, every row cited with a URL and located,
and the country profiles show them."""

import csv
import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import transaction

from kb.choices import ReviewStatusChoices
from kb.models import ProductionRecord, Programme, ProgrammeMilestone, Transfer
from kb.services.imports import rows_import

pytestmark = pytest.mark.django_db

PUBLIC = Path(__file__).resolve().parents[2] / "fixtures" / "public"
FILES = [
    ("sources", "sources-seed.csv"),
    ("production", "production-plans.csv"),
    ("transfers", "transfers.csv"),
    ("programmes", "programmes.csv"),
    ("programme-milestones", "milestones.csv"),
]


def _rows(name: str) -> list[dict[str, str]]:
    rows = csv.DictReader(io.StringIO((PUBLIC / name).read_text(encoding="utf-8")))
    return [row for row in rows if not next(iter(row.values())).startswith("#")]


@pytest.fixture(scope="module")
def _loaded(django_db_setup, django_db_blocker):
    """Reference data and the seed threads' public files only (the demo's rows of these models removed), once
    for the module's tests (they only read), in a transaction rolled back after the last of them."""
    with django_db_blocker.unblock(), transaction.atomic():
        for model in (ProgrammeMilestone, Transfer, ProductionRecord, Programme):
            model.objects.all().delete()  # the demo's rows
        call_command("kb_seed_demo", reference_only=True, verbosity=0)
        for resource, name in FILES:
            report = rows_import(
                resource=resource,
                content=(PUBLIC / name).read_bytes(),
                filename=name,
                initial_status=ReviewStatusChoices.PUBLISHED,
            )
            assert report.totals["new"] == len(_rows(name)), name
        yield
        transaction.set_rollback(True)


@pytest.fixture
def seed_threads(_loaded, db):
    """The seed threads loaded (each test's own changes are rolled back to it)."""


def test_every_row_loads_published_with_a_source_url_and_a_locator(seed_threads):
    records = [
        *ProductionRecord.objects.select_related("source"),
        *Transfer.objects.select_related("source"),
        *Programme.objects.select_related("source"),
        *ProgrammeMilestone.objects.select_related("source"),
    ]
    assert len(records) == sum(len(_rows(name)) for _, name in FILES[1:])
    for record in records:
        assert record.status == ReviewStatusChoices.PUBLISHED
        assert record.source.url, f"{record}: source {record.source.slug} has no URL"
        assert record.source_locator.strip(), f"{record}: no locator"


def test_producer_states_without_a_named_plant_are_stored(seed_threads):
    plans = ProductionRecord.objects.filter(producer__isnull=True, basis="planned")
    assert {(r.area.code, r.year) for r in plans} == {("LTU", 2026), ("FIN", 2026), ("FIN", 2027)}
    assert all(r.quantity is None and r.device_type == "anti_personnel_mine" for r in plans)


def test_possible_transfers_to_ukraine_have_no_invented_quantity(seed_threads):
    transfers = Transfer.objects.filter(area__code="UKR")
    assert {t.from_area.code for t in transfers} == {"POL", "LTU", "FIN"}
    assert {(t.transfer_status, t.quantity) for t in transfers} == {("possible", None)}


def test_east_shield_milestones_are_dated_as_precisely_as_the_sources(seed_threads):
    milestones = ProgrammeMilestone.objects.filter(programme__slug="east-shield").order_by("date")
    assert [(m.kind, m.date_label) for m in milestones] == [
        ("announced", "2024-05-27"),
        ("construction_start", "2024-11-01"),
        ("planned_completion", "2028"),
    ]


def test_profiles_tell_the_threads(seed_threads, client):
    poland = client.get("/en/countries/POL/").content.decode()
    assert "Construction begins at the border with Russia" in poland and "2024-11-01" in poland
    assert "Transfers of mines" in poland
    lithuania = client.get("/uk/countries/LTU/").content.decode()
    assert "не названо" in lithuania  # the producer, not named

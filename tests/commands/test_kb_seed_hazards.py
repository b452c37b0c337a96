"""kb_seed_hazards: seeded, valid, labelled SYNTHETIC polygons that replace themselves on every run."""

import pytest
from django.core.management import CommandError, call_command

from kb.models import HazardArea, LandReleaseActivity
from kb.services.synthetic_hazards import SOURCE_TITLE
from tests.factories import AreaFactory, HazardAreaFactory

pytestmark = pytest.mark.django_db


def synthetic(code: str):
    return HazardArea.objects.filter(area__code=code, reference__startswith="SYN-").order_by("reference")


def test_seeded_synthetic_hazards_are_valid_published_and_labelled(capsys):
    call_command("kb_seed_hazards", "--countries", "UKR,KHM", "--count", "30")

    out = capsys.readouterr().out
    hazards = list(synthetic("UKR"))
    tasks = LandReleaseActivity.objects.filter(area__code__in=["UKR", "KHM"], reference__startswith="SYN-")
    assert out == f"SYNTHETIC data: 60 hazard areas and {tasks.count()} land-release tasks in UKR, KHM.\n"
    assert len(hazards) == synthetic("KHM").count() == 30
    assert 0 < tasks.count() < 60
    for hazard in hazards:
        assert hazard.geometry.valid and hazard.status == "published"
        assert hazard.source.title == SOURCE_TITLE and "SYNTHETIC" in hazard.notes
        assert abs(hazard.geometry.centroid.x - 32.0) < 1.6 and abs(hazard.geometry.centroid.y - 49.0) < 1.6
        # the "reported" estimate is within a quarter of the polygon's own area (plus the local-metres shortcut)
        assert 0.7 < hazard.reported_area_m2 / hazard.computed_area_m2 < 1.3
    for task in tasks:
        assert task.hazard_areas.count() == 1
        assert task.hazard_areas.get().area_id == task.area_id


def test_the_same_seed_gives_the_same_polygons_and_a_rerun_replaces_them():
    untouched = HazardAreaFactory(area=AreaFactory(code="UKR"), reference="HA-REAL")
    call_command("kb_seed_hazards", "--countries", "UKR", "--count", "5", "--seed", "3")
    first = [h.geometry.wkt for h in synthetic("UKR")]
    call_command("kb_seed_hazards", "--countries", "UKR", "--count", "5", "--seed", "3")

    assert [h.geometry.wkt for h in synthetic("UKR")] == first
    assert synthetic("UKR").count() == 5
    assert HazardArea.objects.filter(pk=untouched.pk).exists()  # real records are left alone
    call_command("kb_seed_hazards", "--countries", "UKR", "--count", "5", "--seed", "4")
    assert [h.geometry.wkt for h in synthetic("UKR")] != first


def test_an_area_without_a_centroid_is_refused():
    AreaFactory(code="XNC")
    with pytest.raises(CommandError, match="XNC has no centroid"):
        call_command("kb_seed_hazards", "--countries", "XNC", "--count", "1")
    assert not synthetic("XNC").exists()


def test_the_bulk_path_makes_valid_labelled_polygons_in_sql_and_replaces_them_too():
    untouched = HazardAreaFactory(area=AreaFactory(code="UKR"), reference="HA-REAL")
    call_command("kb_seed_hazards", "--countries", "UKR,KHM", "--count", "40", "--bulk", "--seed", "5")
    first = [h.geometry.wkt for h in synthetic("UKR")]
    call_command("kb_seed_hazards", "--countries", "UKR,KHM", "--count", "40", "--bulk", "--seed", "5")

    hazards = list(synthetic("UKR"))
    assert [h.geometry.wkt for h in hazards] == first
    assert len(hazards) == synthetic("KHM").count() == 40
    assert HazardArea.objects.filter(pk=untouched.pk).exists()
    for hazard in hazards:
        assert hazard.geometry.valid and hazard.status == "published" and hazard.version == 1
        assert hazard.source.title == SOURCE_TITLE and "SYNTHETIC" in hazard.notes
        assert abs(hazard.geometry.centroid.x - 32.0) < 1.6 and abs(hazard.geometry.centroid.y - 49.0) < 1.6
        assert 6 <= hazard.geometry.num_points - 1 <= 12
        assert 0.7 < hazard.reported_area_m2 / hazard.computed_area_m2 < 1.3
    assert len({h.hazard_class for h in hazards}) == 2 and len({h.contamination_type for h in hazards}) > 2
    assert hazards[0].events.count() == 1  # in the history like any insert

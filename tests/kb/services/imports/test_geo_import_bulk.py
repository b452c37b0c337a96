"""The GIS import's bulk path (large files) and its feature path give the same rows, history and messages.

Each file is imported through both paths (geo_import's `bulk` forces one), rolled back in between; the stored
rows, their history reasons and links, the repair notes and the rejection messages must be equal."""

import datetime as dt
import shutil
import warnings
import zipfile

import pytest
from django.core.management import call_command
from django.db import transaction

from kb.models import HazardArea, LandReleaseActivity
from kb.services.imports import ImportRejected, geo_bulk
from kb.services.imports.geo import geo_import
from tests.factories import AdminAreaFactory, HazardAreaFactory, OrganisationFactory
from tests.kb.services.imports.test_geo_import import BOWTIE, convert, feature, imsma_features, square, write_geojson

pytestmark = [
    pytest.mark.skipif(shutil.which("ogr2ogr") is None, reason="needs gdal-bin (scripts/gis.sh)"),
    pytest.mark.usefixtures("english"),
]

COMPARED = [
    "reference",
    "name",
    "area__code",
    "admin_area__pcode",
    "operator__name",
    "reported_area_m2",
    "notes",
    "status",
    "submitted_by",
    "source__slug",
    "source_locator",
    "version",
]
HAZARD = [*COMPARED, "hazard_class", "contamination_type", "hazard_status", "evidence", "recorded_on"]
RELEASE = [*COMPARED, "method", "outcome", "started_on", "completed_on", "ap_mines_found", "other_erw_found"]


def stored(model):
    """What each path leaves behind: the rows in file order, their geometry, history and links."""
    fields = HAZARD if model is HazardArea else RELEASE
    rows = []
    for record in model.objects.order_by("id"):
        values = model.objects.filter(pk=record.pk).values(*fields).get()
        events = [
            (e.pgh_label, e.pgh_context and e.pgh_context.metadata.get("reason"))
            for e in record.events.select_related("pgh_context")
        ]
        links = sorted(record.hazard_areas.values_list("reference", flat=True)) if model is LandReleaseActivity else []
        rows.append((values, record.geometry.wkt, round(record.computed_area_m2, 3), events, links))
    return rows


def both_paths(model, path, **options):
    """(outcome, rows) of the feature path and of the bulk path; the outcome is the repair notes or the message."""
    results = []
    for bulk in (False, True):
        with transaction.atomic():
            try:
                result = geo_import(resource=_resource(model), path=path, bulk=bulk, keep_records=True, **options)
                outcome = (result.count, result.repaired, [r.source_locator for r in result.records])
            except ImportRejected as rejected:
                outcome = str(rejected)
            results.append((outcome, stored(model)))
            transaction.set_rollback(True)
    return results


def _resource(model):
    return "hazard-areas" if model is HazardArea else "land-release-activities"


def _agree(model, path, **options):
    feature_path, bulk_path = both_paths(model, path, **options)
    assert bulk_path == feature_path
    return feature_path


def test_geojson_and_geopackage(tmp_path, country, source):
    geojson = write_geojson(tmp_path / "hazards.geojson", imsma_features())
    (outcome, rows) = _agree(HazardArea, geojson, source=source, country=country)
    assert outcome[0] == 2 and len(rows) == 2
    assert rows[0][3] == [("insert", "import of hazards.geojson")]
    (outcome, rows) = _agree(HazardArea, convert(geojson, tmp_path / "hazards.gpkg"), source=source, country=country)
    assert len(rows) == 2


def test_dry_run_lists_the_same_records(tmp_path, country, source):
    path = write_geojson(tmp_path / "hazards.geojson", imsma_features())
    (outcome, rows) = _agree(HazardArea, path, source=source, country=country, dry_run=True)
    assert outcome == (2, [], ["hazards.geojson, feature 1", "hazards.geojson, feature 2"]) and rows == []


def test_zipped_shapefile_in_utm(tmp_path, country, source):
    shapes = tmp_path / "shp"
    features = [feature(square(30 + n * 0.02, 50), hazard_id=f"H{n}", hazard_name=f"Field {n}") for n in range(20)]
    geojson = write_geojson(tmp_path / "in.geojson", features)
    convert(geojson, shapes, "-f", "ESRI Shapefile", "-s_srs", "EPSG:4326", "-t_srs", "EPSG:32636")
    archive = tmp_path / "hazards.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for part in shapes.iterdir():
            zipped.write(part, part.name)

    feature_path, bulk_path = both_paths(HazardArea, archive, source=source, country=country)

    # GDAL and PostGIS both transform with PROJ: the same polygons to far below a millimetre
    assert [row[0] for row in bulk_path[1]] == [row[0] for row in feature_path[1]]
    assert [row[2] for row in bulk_path[1]] == pytest.approx([row[2] for row in feature_path[1]], abs=1e-3)
    assert bulk_path[0] == feature_path[0] and len(bulk_path[1]) == 20


@pytest.mark.parametrize("repair", [True, False])
def test_invalid_polygons(tmp_path, country, source, repair):
    features = [feature(square(30, 50), hazard_id="A"), feature(BOWTIE, hazard_id="B"), feature(square(31, 50))]
    path = convert(write_geojson(tmp_path / "in.geojson", features), tmp_path / "hazards.gpkg")
    (outcome, _rows) = _agree(HazardArea, path, source=source, country=country, repair=repair)
    if repair:
        assert outcome[1] == ["Feature 2: invalid geometry repaired (Self-intersection[30.005 50.005])."]
    else:
        assert outcome == "feature 2: Invalid geometry: Self-intersection[30.005 50.005]"


def test_metres_without_their_crs_and_unreadable_counts(tmp_path, country, source):
    """UTM coordinates in a file that says nothing of its CRS are refused on both paths, not stored off the globe;
    a decimal comma and an infinite count are refused, not read as 100 times the area or a crash."""
    features = [
        feature(square(30, 50), hazard_id="A"),
        feature(square(500000, 5540000), hazard_id="B"),
        feature(square(31, 50), hazard_id="C", estimated_area="2500,75"),
        feature(square(32, 50), hazard_id="D", estimated_area="1e999"),
        feature(square(33, 50), hazard_id="E", estimated_area="12,500"),
    ]
    path = convert(write_geojson(tmp_path / "in.geojson", features), tmp_path / "hazards.gpkg")
    (outcome, rows) = _agree(HazardArea, path, source=source, country=country)
    assert rows == []
    assert outcome.splitlines() == [
        "feature 2: Coordinates lie outside longitude -180 to 180 and latitude -90 to 90: are they projected (metres) "
        "without their SRID? Give it, as in SRID=32636;POLYGON(...).",
        "feature 3, column 'reported_area_m2': Not a whole number of zero or more: '2500,75'.",
        "feature 4, column 'reported_area_m2': Not a whole number of zero or more: '1e999'.",
    ]


def test_every_bad_attribute_and_geometry(tmp_path, country, source):
    AdminAreaFactory(pcode="XH01", area=country)
    AdminAreaFactory(pcode="YY01")
    HazardAreaFactory(area=country, reference="STORED")
    features = [
        feature(square(30, 50), hazard_id="A", pcode="XH01", operator="Nobody Ltd"),
        feature(square(31, 50), hazard_id="A"),
        feature([[30, 50], [31, 51]], "LineString", hazard_id="C"),
        feature(square(32, 50), hazard_id="D", hazard_type=None),
        feature(square(33, 50), hazard_id="E", pcode="YY01"),
        feature(square(34, 50), hazard_id="STORED"),
        feature(square(35, 50), hazard_id="F" * 101),
        feature(square(36, 50), hazard_id="G", last_update="yesterday", estimated_area=-3),
        feature(square(1e11, 50), hazard_id="H"),
        feature(square(37, 50), hazard_id="C"),
    ]
    path = convert(write_geojson(tmp_path / "in.geojson", features), tmp_path / "hazards.gpkg")
    (outcome, rows) = _agree(HazardArea, path, source=source, country=country)
    print(outcome)
    assert [row[0]["reference"] for row in rows] == ["STORED"]
    assert len(outcome.splitlines()) >= 9


def test_one_bad_feature_among_many(tmp_path, country, source):
    features = [feature(square(30 + (n % 40) * 0.02, 50 + (n // 40) * 0.02), hazard_id=f"H{n}") for n in range(300)]
    features[136]["properties"]["contamination"] = "marshmallows"
    path = convert(write_geojson(tmp_path / "in.geojson", features), tmp_path / "hazards.gpkg")
    (outcome, rows) = _agree(HazardArea, path, source=source, country=country)
    assert outcome.startswith("feature 137, column 'contamination_type': Unknown value 'marshmallows'")
    features[136]["properties"]["contamination"] = "ERW"
    path = convert(write_geojson(tmp_path / "in2.geojson", features), tmp_path / "hazards2.gpkg")
    (outcome, rows) = _agree(HazardArea, path, source=source, country=country)
    assert outcome[0] == 300 and len(rows) == 300


def test_land_release_activities(tmp_path, country, source):
    HazardAreaFactory(area=country, reference="HA-0001")
    HazardAreaFactory(area=country, reference="HA-0002")
    OrganisationFactory(name="Demining Group")
    tasks = [
        feature(
            square(30, 50, 0.005),
            activity_id="T-1",
            method="Clearance",
            hazard_id="HA-0001; HA-0002",
            operator="demining group",
            start_date="2024-03-01",
            end_date="2024-05-30",
            ap_mines=12,
        ),
        feature(square(31, 50, 0.005), activity_id="T-2", method="NTS"),
        feature(square(32, 50, 0.005), activity_id="T-3", method="TS", outcome="cleared", uxo_found=4),
    ]
    path = convert(write_geojson(tmp_path / "in.geojson", tasks), tmp_path / "tasks.gpkg")
    (outcome, rows) = _agree(LandReleaseActivity, path, source=source, country=country)
    assert outcome[0] == 3 and rows[0][4] == ["HA-0001", "HA-0002"]
    tasks[1]["properties"].update(outcome="cleared", hazard_id="HA-9")
    tasks[2]["properties"].update(start_date="2024-03-01", end_date="2023-05-30")
    path = convert(write_geojson(tmp_path / "in2.geojson", tasks), tmp_path / "tasks2.gpkg")
    (outcome, rows) = _agree(LandReleaseActivity, path, source=source, country=country)
    assert outcome.splitlines() == [
        "feature 2, column 'hazard_areas': Unknown hazard area 'HA-9' in XHZ.",
        "feature 3, column '__all__': The activity ends before it starts.",
    ]


def test_command_says_the_same_on_both_paths(tmp_path, country, source, capsys, monkeypatch):
    """kb_import_geo's report, record by record at verbosity 2, whichever path a file's size sends it down."""
    path = convert(write_geojson(tmp_path / "in.geojson", imsma_features()), tmp_path / "hazards.gpkg")
    args = ["kb_import_geo", "hazard-areas", str(path), "--source", source.slug, "--country", "XHZ", "-v", "2"]
    outputs = []
    for smallest in (geo_bulk.BULK_MIN_FEATURES, 1):
        monkeypatch.setattr(geo_bulk, "BULK_MIN_FEATURES", smallest)
        with transaction.atomic():
            call_command(*args, "--dry-run")
            call_command(*args)
            transaction.set_rollback(True)
        outputs.append(capsys.readouterr().out)
    assert outputs[1] == outputs[0]
    assert outputs[0].splitlines()[-1] == "Imported 2 hazard-areas from hazards.gpkg."
    assert "hazards.gpkg, feature 1: HA-0001 (1 polygons)" in outputs[0]


def test_dates_with_a_time_an_offset_or_nothing_read_alike_on_both_paths(tmp_path, country, source):
    """A start written as a local time just after midnight with its UTC offset is that local day on both paths (the
    day the field system recorded), a missing one stays missing, and reading the file asks nothing of NumPy that
    it deprecates (a timedelta without a unit, which a coming release refuses)."""
    starts = ["2024-03-01T00:30:00+02:00", "2024-03-01T23:30:00-05:00", "2024-03-01T12:00:00", None]
    tasks = [
        feature(square(30 + i, 50, 0.005), activity_id=f"T-{i}", method="NTS", start_date=start)
        for i, start in enumerate(starts)
    ]
    path = convert(write_geojson(tmp_path / "in.geojson", tasks), tmp_path / "tasks.gpkg")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", DeprecationWarning)
        (outcome, rows) = _agree(LandReleaseActivity, path, source=source, country=country)
    assert [str(w.message) for w in caught if issubclass(w.category, DeprecationWarning)] == []
    assert outcome[0] == 4
    assert [row[0]["started_on"] for row in rows] == [dt.date(2024, 3, 1)] * 3 + [None]

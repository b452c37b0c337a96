"""GIS imports: one test per format, reprojection, invalid geometries, all-or-nothing at 1,000 features.

The files are made in each test from GeoJSON with Debian's ogr2ogr (gdal-bin, installed by scripts/gis.sh)."""

import json
import shutil
import subprocess
import zipfile

import pytest
from django.core.management import CommandError, call_command

from kb.choices import DeviceTypeChoices, HazardClassChoices, HazardStatusChoices, ReviewStatusChoices
from kb.models import HazardArea, LandReleaseActivity
from kb.services.imports import ImportRejected
from kb.services.imports.geo import geo_import
from tests.factories import AdminAreaFactory, HazardAreaFactory, OrganisationFactory

pytestmark = [
    pytest.mark.skipif(shutil.which("ogr2ogr") is None, reason="needs gdal-bin (scripts/gis.sh)"),
    pytest.mark.usefixtures("english"),
]

BOWTIE = [[[30.0, 50.0], [30.01, 50.01], [30.01, 50.0], [30.0, 50.01], [30.0, 50.0]]]


def square(lon, lat, size=0.01):
    return [[[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size], [lon, lat]]]


def feature(coordinates, geometry_type="Polygon", **properties):
    properties = {"hazard_type": "CHA", "contamination": "AP mines", **properties}
    return {
        "type": "Feature",
        "properties": properties,
        "geometry": {"type": geometry_type, "coordinates": coordinates},
    }


def write_geojson(path, features, **extra):
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features, **extra}))
    return path


def convert(source, target, *options):
    subprocess.run(["ogr2ogr", *options, str(target), str(source)], check=True, capture_output=True)
    return target


def imsma_features():
    """Two hazards as an IMSMA Core export names them."""
    return [
        feature(
            square(30.0, 50.0),
            hazard_id="HA-0001",
            hazard_name="Field north of the bridge",
            hazard_type="CHA",
            contamination="AP mines",
            status="Worked on",
            estimated_area=800000,
            evidence="Mine accident 2023-04-02",
        ),
        feature(square(30.1, 50.0), hazard_id="HA-0002", hazard_type="SHA", contamination="CMR", status="Open"),
    ]


def test_geojson_maps_imsma_attributes_and_computes_the_area(tmp_path, country, source):
    path = write_geojson(tmp_path / "hazards.geojson", imsma_features())

    result = geo_import(resource="hazard-areas", path=path, source=source, country=country)

    assert result.created == 2
    first = HazardArea.objects.get(area=country, reference="HA-0001")
    assert first.name == "Field north of the bridge"
    assert first.hazard_class == HazardClassChoices.CHA
    assert first.contamination_type == DeviceTypeChoices.ANTI_PERSONNEL_MINE
    assert first.hazard_status == HazardStatusChoices.WORKED_ON
    assert first.evidence == "Mine accident 2023-04-02"
    assert first.reported_area_m2 == 800000
    assert first.status == ReviewStatusChoices.DRAFT
    assert first.source_locator == "hazards.geojson, feature 1"
    # 0.01° x 0.01° at 50° N: 1,113 m x 716 m on the spheroid
    assert first.computed_area_m2 == pytest.approx(796_600, rel=0.01)
    second = HazardArea.objects.get(area=country, reference="HA-0002")
    assert (second.hazard_class, second.contamination_type) == ("sha", DeviceTypeChoices.CLUSTER_SUBMUNITION)
    assert first.events.count() == 1  # the insert is in the record's history


def test_geopackage(tmp_path, country, source):
    path = convert(write_geojson(tmp_path / "in.geojson", imsma_features()), tmp_path / "hazards.gpkg")

    result = geo_import(resource="hazard-areas", path=path, source=source, country=country)

    assert result.created == 2
    assert set(HazardArea.objects.filter(area=country).values_list("reference", flat=True)) == {"HA-0001", "HA-0002"}


def test_zipped_shapefile_in_utm_is_reprojected_to_wgs84(tmp_path, country, source):
    geojson = write_geojson(tmp_path / "in.geojson", imsma_features())
    shapes = tmp_path / "shp"
    convert(geojson, shapes, "-f", "ESRI Shapefile", "-s_srs", "EPSG:4326", "-t_srs", "EPSG:32636")
    assert "UTM" in next(shapes.glob("*.prj")).read_text()  # the file really is in metres, UTM zone 36N
    archive = tmp_path / "hazards.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for part in shapes.iterdir():
            zipped.write(part, part.name)

    geo_import(resource="hazard-areas", path=archive, source=source, country=country)

    hazard = HazardArea.objects.get(area=country, reference="HA-0001")
    assert hazard.geometry.srid == 4326
    xmin, ymin, xmax, ymax = hazard.geometry.extent
    assert (xmin, ymin, xmax, ymax) == pytest.approx((30.0, 50.0, 30.01, 50.01), abs=1e-6)


def test_kml(tmp_path, country, source):
    path = convert(write_geojson(tmp_path / "in.geojson", imsma_features()), tmp_path / "hazards.kml")

    result = geo_import(resource="hazard-areas", path=path, source=source, country=country)

    assert result.created == 2
    hazard = HazardArea.objects.get(area=country, reference="HA-0002")
    assert hazard.geometry.extent == pytest.approx((30.1, 50.0, 30.11, 50.01), abs=1e-9)


def test_invalid_polygon_is_repaired_with_make_valid_and_reported(tmp_path, country, source):
    path = write_geojson(
        tmp_path / "h.geojson", [feature(square(30, 50), hazard_id="A"), feature(BOWTIE, hazard_id="B")]
    )

    result = geo_import(resource="hazard-areas", path=path, source=source, country=country)

    assert result.created == 2
    assert result.repaired == ["Feature 2: invalid geometry repaired (Self-intersection[30.005 50.005])."]
    repaired = HazardArea.objects.get(area=country, reference="B")
    assert repaired.geometry.valid and repaired.geometry.num_geom == 2  # the bow tie's two triangles


def test_invalid_polygon_is_rejected_with_its_feature_number_when_not_repairing(tmp_path, country, source):
    path = write_geojson(
        tmp_path / "h.geojson", [feature(square(30, 50), hazard_id="A"), feature(BOWTIE, hazard_id="B")]
    )

    with pytest.raises(ImportRejected) as rejected:
        geo_import(resource="hazard-areas", path=path, source=source, country=country, repair=False)

    assert str(rejected.value) == "feature 2: Invalid geometry: Self-intersection[30.005 50.005]"
    assert not HazardArea.objects.filter(area=country).exists()


def test_one_bad_feature_among_1000_writes_nothing(tmp_path, country, source):
    features = [feature(square(30 + (n % 40) * 0.02, 50 + (n // 40) * 0.02), hazard_id=f"H{n}") for n in range(1000)]
    features[536]["properties"]["contamination"] = "marshmallows"
    path = convert(write_geojson(tmp_path / "in.geojson", features), tmp_path / "hazards.gpkg")

    with pytest.raises(ImportRejected) as rejected:
        geo_import(resource="hazard-areas", path=path, source=source, country=country)

    [issue] = rejected.value.issues
    assert (issue.row, issue.column) == (537, "contamination_type")
    assert issue.message.startswith("Unknown value 'marshmallows'; use one of: ")
    assert not HazardArea.objects.filter(area=country).exists()


def test_all_1000_good_features_are_written(tmp_path, country, source):
    features = [feature(square(30 + (n % 40) * 0.02, 50 + (n // 40) * 0.02), hazard_id=f"H{n}") for n in range(1000)]
    path = write_geojson(tmp_path / "hazards.geojson", features)

    geo_import(resource="hazard-areas", path=path, source=source, country=country)

    assert HazardArea.objects.filter(area=country).count() == 1000


def test_dry_run_validates_everything_and_writes_nothing(tmp_path, country, source):
    path = write_geojson(tmp_path / "hazards.geojson", imsma_features())

    result = geo_import(resource="hazard-areas", path=path, source=source, country=country, dry_run=True)

    assert [record.reference for record in result.records] == ["HA-0001", "HA-0002"]
    assert result.created == 0
    assert not HazardArea.objects.filter(area=country).exists()


def test_every_bad_attribute_is_named_with_its_feature(tmp_path, country, source):
    AdminAreaFactory(pcode="XH01", area=country)
    features = [
        feature(square(30, 50), hazard_id="A", pcode="XH01", operator="Nobody Ltd"),
        feature(square(31, 50), hazard_id="A"),
        feature([[30, 50], [31, 51]], "LineString", hazard_id="C"),
        feature(square(32, 50), hazard_id="D", hazard_type=None),
    ]
    path = write_geojson(tmp_path / "h.geojson", features)

    with pytest.raises(ImportRejected) as rejected:
        geo_import(resource="hazard-areas", path=path, source=source, country=country)

    assert str(rejected.value).splitlines() == [
        "feature 1, column 'operator': Unknown organisation 'Nobody Ltd': add it in the admin first.",
        "feature 2: The reference 'A' appears twice in the file (features 1 and 2).",
        "feature 3: Expected a polygon or multipolygon, got LineString.",
        "feature 4, column 'hazard_class': No value (looked for the attributes hazard_class, hazard_type, "
        "classification, class).",
    ]


def test_geojson_crs_naming_a_url_is_refused_before_gdal_reads_it(tmp_path, country, source):
    crs = {"type": "name", "properties": {"name": "http://169.254.169.254/latest"}}
    path = write_geojson(tmp_path / "h.geojson", imsma_features(), crs=crs)

    with pytest.raises(ImportRejected, match='The GeoJSON "crs" must be an EPSG or OGC code'):
        geo_import(resource="hazard-areas", path=path, source=source, country=country)


def test_land_release_activities_link_to_the_hazards_they_release(tmp_path, country, source):
    hazard = HazardAreaFactory(area=country, reference="HA-0001")
    operator = OrganisationFactory(name="Demining Group")
    path = write_geojson(
        tmp_path / "tasks.geojson",
        [
            feature(
                square(30, 50, 0.005),
                activity_id="T-1",
                method="Clearance",
                hazard_id="HA-0001",
                operator="demining group",
                start_date="2024-03-01",
                end_date="2024-05-30",
                ap_mines=12,
            )
        ],
    )

    geo_import(resource="land-release-activities", path=path, source=source, country=country)

    activity = LandReleaseActivity.objects.get(area=country, reference="T-1")
    assert (activity.method, activity.outcome, activity.operator) == ("clearance", "cleared", operator)
    assert list(activity.hazard_areas.all()) == [hazard]
    assert (str(activity.started_on), str(activity.completed_on), activity.ap_mines_found) == (
        "2024-03-01",
        "2024-05-30",
        12,
    )


def test_command_dry_run_and_rejection(tmp_path, country, source, capsys):
    good = write_geojson(tmp_path / "good.geojson", imsma_features())
    call_command("kb_import_geo", "hazard-areas", str(good), "--source", source.slug, "--country", "xhz", "--dry-run")
    assert capsys.readouterr().out == "Dry run, nothing written: would import 2 hazard-areas from good.geojson.\n"
    assert not HazardArea.objects.filter(area=country).exists()

    bad = write_geojson(tmp_path / "bad.geojson", [feature(BOWTIE, hazard_id="B")])
    with pytest.raises(CommandError, match=r"bad.geojson rejected, nothing was written:\nfeature 1: Invalid geometry"):
        call_command(
            "kb_import_geo", "hazard-areas", str(bad), "--source", source.slug, "--country", "XHZ", "--no-repair"
        )

"""Hazard areas in the admin: geometry typed as WKT or GeoJSON, a drawn preview that needs no other host."""

import json
import re

import pytest
from django.contrib.gis.geos import GEOSGeometry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from kb.models import HazardArea, LandReleaseActivity
from kb.services.synthetic_hazards import synthetic_hazards_seed
from tests.factories import AreaFactory, HazardAreaFactory, LandReleaseActivityFactory, SourceFactory

pytestmark = pytest.mark.django_db


def add_hazard(admin_client, geometry, **fields):
    data = {
        "area": AreaFactory(code="XHA", name="Admin hazards").pk,
        "reference": "HA-1",
        "hazard_class": "cha",
        "contamination_type": "anti_personnel_mine",
        "hazard_status": "open",
        "geometry": geometry,
        "source": SourceFactory().pk,
        "kb-citation-content_type-object_id-TOTAL_FORMS": "0",
        "kb-citation-content_type-object_id-INITIAL_FORMS": "0",
        **fields,
    }
    return admin_client.post(reverse("admin:kb_hazardarea_add"), data)


def test_a_wkt_polygon_is_saved_as_a_multipolygon_in_wgs84(admin_client):
    response = add_hazard(admin_client, "POLYGON((30 50, 30.01 50, 30.01 50.01, 30 50.01, 30 50))")

    assert response.status_code == 302, response.context["adminform"].form.errors
    hazard = HazardArea.objects.get(reference="HA-1")
    assert (hazard.geometry.geom_type, hazard.geometry.srid, hazard.status) == ("MultiPolygon", 4326, "draft")
    assert hazard.computed_area_m2 == pytest.approx(796_600, rel=0.01)
    assert hazard.events.count() == 1


def test_geometry_in_another_crs_is_reprojected(admin_client):
    geometry = (
        '{"type": "Polygon", "coordinates": [[[500000, 5540000], [501000, 5540000], [501000, 5541000], '
        "[500000, 5541000], [500000, 5540000]]]}"
    )
    # EWKT states the CRS for text that has none of its own
    ewkt = f"SRID=32636;{GEOSGeometry(geometry).wkt}"
    response = add_hazard(admin_client, ewkt)

    assert response.status_code == 302, response.context["adminform"].form.errors
    hazard = HazardArea.objects.get(reference="HA-1")
    assert hazard.geometry.srid == 4326
    assert hazard.geometry.centroid.x == pytest.approx(33.0, abs=0.01)  # UTM 36N's central meridian
    assert hazard.computed_area_m2 == pytest.approx(1_000_000, rel=0.01)


def test_a_geojson_polygon_with_heights_is_saved_flat(admin_client):
    geometry = '{"type":"Polygon","coordinates":[[[30,50,0],[30.01,50,0],[30.01,50.01,0],[30,50,0]]]}'
    response = add_hazard(admin_client, geometry)

    assert response.status_code == 302, response.context["adminform"].form.errors
    hazard = HazardArea.objects.get(reference="HA-1")
    assert (hazard.geometry.geom_type, hazard.geometry.hasz) == ("MultiPolygon", False)


OFF_THE_GLOBE = (
    "Coordinates lie outside longitude -180 to 180 and latitude -90 to 90: are they projected (metres) without their "
    "SRID? Give it, as in SRID=32636;POLYGON(...)."
)
AREA_COLUMN = "column 'reported_area_m2'"
NOT_A_COUNT = "Not a whole number of zero or more:"


@pytest.mark.parametrize(
    ("geometry", "message"),
    [
        ("POLYGON((30 50, 30.01 50.01, 30.01 50, 30 50.01, 30 50))", "The geometry is not valid: Self-intersection"),
        # UTM metres pasted without their SRID
        ("POLYGON((500000 5540000, 501000 5540000, 501000 5541000, 500000 5540000))", OFF_THE_GLOBE[:60]),
        ("LINESTRING(30 50, 31 51)", "Expected a polygon or multipolygon, got LineString."),
        ("not a shape", "Not a geometry in WKT or GeoJSON"),
    ],
)
def test_bad_geometry_is_a_form_error(admin_client, geometry, message):
    response = add_hazard(admin_client, geometry)

    assert response.status_code == 200
    assert message in str(response.context["adminform"].form.errors["geometry"])
    assert not HazardArea.objects.filter(reference="HA-1").exists()


def test_an_activity_releases_land_from_hazard_areas_of_its_own_country_only(admin_client):
    home, abroad = AreaFactory(code="XAH", name="Home"), AreaFactory(code="XAB", name="Abroad")
    near = HazardAreaFactory(area=home, reference="NEAR")
    far = HazardAreaFactory(area=abroad, reference="FAR")
    data = {
        "area": home.pk,
        "reference": "T-1",
        "method": "clearance",
        "outcome": "cleared",
        "geometry": "POLYGON((30 50, 30.01 50, 30.01 50.01, 30 50.01, 30 50))",
        "source": SourceFactory().pk,
        "kb-citation-content_type-object_id-TOTAL_FORMS": "0",
        "kb-citation-content_type-object_id-INITIAL_FORMS": "0",
    }
    url = reverse("admin:kb_landreleaseactivity_add")

    refused = admin_client.post(url, {**data, "hazard_areas": [near.pk, far.pk]})

    assert refused.status_code == 200
    errors = refused.context["adminform"].form.errors["hazard_areas"]
    assert errors == [f"These hazard areas are not in Home: {far}."]
    assert admin_client.post(url, {**data, "hazard_areas": [near.pk]}).status_code == 302
    assert list(LandReleaseActivity.objects.get(reference="T-1").hazard_areas.all()) == [near]


def test_change_form_draws_the_geometry_without_other_hosts(admin_client):
    hazard = HazardAreaFactory(area=AreaFactory(code="XHB"))

    response = admin_client.get(reverse("admin:kb_hazardarea_change", args=[hazard.pk]))

    html = response.content.decode()
    assert response.status_code == 200
    assert '<svg role="img" aria-label="Outline of the geometry"' in html
    assert '<path d="M 0.0000000 0.0100000 L 0.0100000 0.0100000' in html
    assert "SRID=4326;MULTIPOLYGON (((30 50, 30.01 50" in html  # the textarea holds the geometry as EWKT
    assert "openlayers" not in html.lower() and "https://" not in html.split("<body")[1].split("</body>")[0]


@pytest.mark.parametrize("model", ["hazardarea", "landreleaseactivity"])
def test_change_form_maps_the_geometry_with_the_vendored_library(admin_client, model):
    factory = {"hazardarea": HazardAreaFactory, "landreleaseactivity": LandReleaseActivityFactory}[model]
    record = factory(area=AreaFactory(code="XHM"))

    html = admin_client.get(reverse(f"admin:kb_{model}_change", args=[record.pk])).content.decode()

    assert '<script src="/static/kb/maps/maps.js" type="module"></script>' in html
    assert 'href="/static/kb/maps/vendor/maplibre-gl.css"' in html
    found = re.search(
        r'<div class="map geometry" id="id_geometry-map" data-map="geometry" data-geometry="([^"]*)"', html
    )
    geometry = json.loads(found.group(1).replace("&quot;", '"'))
    assert geometry["type"] == "MultiPolygon"
    assert geometry["coordinates"][0][0][0] == [30.0, 50.0]


def test_a_synthetic_demo_polygon_is_labelled_on_the_change_forms_map(admin_client):
    synthetic_hazards_seed(codes=[AreaFactory(code="XHS", latitude=48.5, longitude=31.2).code], per_country=1)
    hazard = HazardArea.objects.get(area__code="XHS")
    real = HazardAreaFactory(area=AreaFactory(code="XHR"))

    html = admin_client.get(reverse("admin:kb_hazardarea_change", args=[hazard.pk])).content.decode()
    assert '<p class="kb-synthetic-note"><strong>Synthetic demonstration data:</strong>' in html
    html = admin_client.get(reverse("admin:kb_hazardarea_change", args=[real.pk])).content.decode()
    assert "kb-synthetic-note" not in html


def test_typed_text_in_another_crs_is_mapped_in_wgs84_and_bad_text_maps_nothing_yet(admin_client):
    ewkt = "SRID=32636;POLYGON((500000 5540000, 501000 5540000, 501000 5541000, 500000 5540000))"
    html = add_hazard(admin_client, ewkt, hazard_class="bogus").content.decode()  # re-shown: the class is wrong
    lon = json.loads(re.search(r'data-geometry="([^"]*)"', html).group(1).replace("&quot;", '"'))["coordinates"]
    assert lon[0][0][0] == pytest.approx(33.0, abs=0.01)

    html = add_hazard(admin_client, "not a shape").content.decode()
    assert 'data-map="geometry" data-geometry="" data-edit="id_geometry"' in html  # an empty map to draw on


def test_the_add_form_has_a_map_to_draw_on_with_labelled_tools(admin_client):
    html = admin_client.get(reverse("admin:kb_hazardarea_add")).content.decode()

    assert 'data-map="geometry" data-geometry="" data-edit="id_geometry"' in html
    assert '<div role="group" aria-label="Map tools">' in html
    for label in ("Edit vertices", "Draw a polygon", "Delete the selected part"):
        assert f'aria-pressed="false">{label}</button>' in html or f"disabled>{label}</button>" in html


@pytest.mark.parametrize("status", ["draft", "published"])
def test_whoever_cannot_change_the_record_gets_a_view_only_map(client, viewer, editor, status):
    hazard = HazardAreaFactory(area=AreaFactory(code="XHV"), status=status)
    url = reverse("admin:kb_hazardarea_change", args=[hazard.pk])

    client.force_login(viewer)
    html = client.get(url).content.decode()
    assert '<textarea name="geometry"' not in html
    assert 'id="geometry-map" data-map="geometry" data-geometry="{ &quot;type&quot;: &quot;MultiPolygon&quot;' in html
    assert "data-edit=" not in html and "kb-map-tools" not in html
    assert '<script src="/static/kb/maps/maps.js" type="module"></script>' in html

    client.force_login(editor)  # may change a draft, not a published record
    html = client.get(url).content.decode()
    assert ('data-edit="id_geometry"' in html) is (status == "draft")
    assert ('id="geometry-map"' in html) is (status == "published")


@pytest.mark.parametrize("model", ["hazardarea", "landreleaseactivity"])
def test_changelists_render(admin_client, model, django_assert_max_num_queries):
    area = AreaFactory(code="XHC")
    HazardAreaFactory.create_batch(3, area=area)
    LandReleaseActivityFactory.create_batch(3, area=area)

    with django_assert_max_num_queries(15):
        response = admin_client.get(reverse(f"admin:kb_{model}_changelist"))

    assert response.status_code == 200
    assert response.context["cl"].result_count == 3


def geojson_upload(name, features):
    collection = {"type": "FeatureCollection", "features": features}
    return SimpleUploadedFile(name, json.dumps(collection).encode(), content_type="application/geo+json")


def gis_feature(ring, **properties):
    return {
        "type": "Feature",
        "properties": {"hazard_type": "SHA", "contamination": "AV mines", **properties},
        "geometry": {"type": "Polygon", "coordinates": [ring]},
    }


SQUARE = [[30, 50], [30.01, 50], [30.01, 50.01], [30, 50.01], [30, 50]]
BOWTIE = [[30, 50], [30.01, 50.01], [30.01, 50], [30, 50.01], [30, 50]]


def post_gis(client, upload, country, source, **fields):
    data = {"file": upload, "source": source.pk, "country": country.pk, "repair": "on", **fields}
    return client.post(reverse("admin:kb_hazardarea_import_gis"), data)


def test_gis_upload_previews_then_imports_as_drafts(admin_client, admin_user):
    country, source = AreaFactory(code="XHG"), SourceFactory()
    features = [gis_feature(SQUARE, hazard_id="G-1"), gis_feature(SQUARE, hazard_id="G-2", estimated_area=5000)]

    preview = post_gis(admin_client, geojson_upload("field.geojson", features), country, source, preview="on")

    assert preview.status_code == 200
    html = preview.content.decode()
    assert "Preview: 2 records would be imported." in html
    assert "<td>field.geojson, feature 2</td><td>G-2</td>" in html
    assert not HazardArea.objects.filter(area=country).exists()

    done = post_gis(admin_client, geojson_upload("field.geojson", features), country, source)

    assert done.status_code == 302
    assert done["Location"] == reverse("admin:kb_hazardarea_changelist")
    hazards = HazardArea.objects.filter(area=country).order_by("reference")
    assert [(h.reference, h.status, h.submitted_by) for h in hazards] == [
        ("G-1", "draft", admin_user),
        ("G-2", "draft", admin_user),
    ]


def test_gis_upload_lists_every_bad_feature_and_writes_nothing(admin_client):
    country, source = AreaFactory(code="XHH"), SourceFactory()
    features = [gis_feature(SQUARE, hazard_id="A"), gis_feature(BOWTIE, hazard_id="B", hazard_type="maybe")]

    response = post_gis(admin_client, geojson_upload("bad.geojson", features), country, source, repair="")

    assert response.status_code == 200
    assert response.context["issues"] == [
        "feature 2: Invalid geometry: Self-intersection[30.005 50.005]",
    ]
    assert "The file was rejected; nothing was written:" in response.content.decode()
    assert not HazardArea.objects.filter(area=country).exists()


@pytest.mark.parametrize(
    ("properties", "crs", "issue"),
    [
        ({}, None, "feature 2: " + OFF_THE_GLOBE),
        ({"estimated_area": "2500,75"}, None, f"feature 1, {AREA_COLUMN}: {NOT_A_COUNT} '2500,75'."),
        ({"estimated_area": "1e999"}, None, f"feature 1, {AREA_COLUMN}: {NOT_A_COUNT} '1e999'."),
        ({}, {"type": "name", "properties": "EPSG:4326"}, None),
    ],
)
def test_gis_upload_refuses_metres_without_their_crs_and_unreadable_numbers(admin_client, properties, crs, issue):
    country, source = AreaFactory(code="XHK"), SourceFactory()
    metres = [[500000, 5540000], [501000, 5540000], [501000, 5541000], [500000, 5540000]]
    features = [gis_feature(SQUARE, hazard_id="A", **properties)]
    if not properties and crs is None:
        features.append(gis_feature(metres, hazard_id="B"))
    collection = {"type": "FeatureCollection", "features": features, **({"crs": crs} if crs else {})}
    upload = SimpleUploadedFile("field.geojson", json.dumps(collection).encode(), content_type="application/geo+json")

    response = post_gis(admin_client, upload, country, source)

    assert response.status_code == 200
    if issue is None:  # a "crs" member that is not an object: the file says which CRS it means, unreadably
        assert "crs" in " ".join(response.context["issues"])
    else:
        assert response.context["issues"] == [issue]
    assert not HazardArea.objects.filter(area=country).exists()


def test_gis_upload_needs_the_add_permission(viewer):
    client = Client()
    client.force_login(viewer)
    assert client.get(reverse("admin:kb_hazardarea_import_gis")).status_code == 403
    assert client.get(reverse("admin:kb_landreleaseactivity_import_gis")).status_code == 403


def test_changelist_links_to_the_gis_import(admin_client):
    response = admin_client.get(reverse("admin:kb_landreleaseactivity_changelist"))
    assert '<a href="import-gis/" class="addlink">Import GIS file</a>' in response.content.decode()

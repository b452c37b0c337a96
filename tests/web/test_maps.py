"""The public pages' maps: the world choropleth and a country's hazard map, each beside a table of the same records,
with synthetic demo polygons labelled. (Drawn in a real browser by tests/browser/test_maps.py.)"""

import json
import re

import pytest
from django.test import Client

from kb.choices import ReviewStatusChoices
from kb.models import HazardArea
from kb.services.synthetic_hazards import synthetic_hazards_seed
from tests.factories import AreaFactory, HazardAreaFactory, LandReleaseActivityFactory
from tests.factories.hazards import square

pytestmark = [pytest.mark.django_db]


@pytest.fixture
def client():
    return Client()


def page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def map_values(html: str) -> dict:
    found = re.search(r'<script id="world-map-values" type="application/json">(.*?)</script>', html, re.S)
    return json.loads(found.group(1))


@pytest.mark.usefixtures("demo_data")
def test_world_map_colours_every_country_with_a_figure_and_lists_them_in_a_table(client):
    html = page(client, "/en/?year=2017")
    assert 'id="world-map" data-map="world"' in html and " hidden" in html  # shown by the script only
    assert map_values(html) == {"AFG": 2300, "SYR": 1906}  # Landmine Monitor 2018's figures in the demo data
    assert "Casualties per country in 2017</caption>" in html
    assert 'src="/static/kb/maps/maps.js"' in html
    assert "Natural Earth" in html


@pytest.mark.usefixtures("demo_data")
def test_a_page_as_of_a_past_moment_has_no_map_of_todays_tiles(client):
    html = page(client, "/en/?as_of=2026-01-01")
    assert "world-map" not in html and "maps.js" not in html


def test_country_map_opens_on_its_published_polygons_with_a_table(client):
    area = AreaFactory(code="XMP")
    HazardAreaFactory(area=area, reference="HA-1", geometry=square(30.0, 50.0, 0.01))
    LandReleaseActivityFactory(area=area, reference="T-1", geometry=square(30.1, 50.1, 0.01))
    HazardAreaFactory(area=area, reference="DRAFT", geometry=square(35.0, 55.0), status=ReviewStatusChoices.DRAFT)

    html = page(client, "/en/countries/XMP/")

    bounds = json.loads(re.search(r'data-bounds="([^"]*)"', html).group(1).replace("&quot;", '"'))
    assert bounds == pytest.approx([30.0, 50.0, 30.11, 50.11])  # the draft far away is left out
    assert '<th scope="row">HA-1' in html and "DRAFT" not in html
    assert "1 published hazard area," in html and "1 land-release activity." in html
    assert "Synthetic demonstration data" not in html
    # The download holds every published polygon of the country, not one page of them (GIS clients follow no links).
    assert "/api/v1/hazard-areas/?area=XMP&amp;format=gpkg" in html


def test_country_without_polygons_has_no_map(client):
    AreaFactory(code="XNP")
    assert "hazard-map" not in page(client, "/en/countries/XNP/")


def test_synthetic_polygons_are_labelled_on_the_page(client):
    area = AreaFactory(code="XSY", latitude=48.5, longitude=31.2)
    synthetic_hazards_seed(codes=["XSY"], per_country=3)

    html = page(client, "/uk/countries/XSY/")

    assert "hazard-map" in html
    assert html.count('class="badge"') == 3
    assert HazardArea.objects.filter(area=area).count() == 3
    assert 'class="synthetic-note"' in html

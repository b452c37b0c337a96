"""Public pages: what a visitor sees on the demo data, published figures only, in three languages, no JavaScript."""

import csv
import datetime as dt
import io
import re
from urllib.parse import urlencode

import pytest
from django.test import Client
from django.utils import formats, timezone, translation

from kb.choices import ReviewStatusChoices
from kb.models import Area, CasualtyRecord, Programme, TreatyAction
from tests.factories import SourceFactory
from tests.factories.statistics import CasualtyRecordFactory, LandReleaseRecordFactory, ProductionRecordFactory
from web.templatetags.web_format import NOT_REPORTED

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_data")]


@pytest.fixture
def client():
    return Client()


def page(client, url, **headers) -> str:
    response = client.get(url, headers=headers)
    assert response.status_code == 200, url
    return response.content.decode()


def csv_rows(client, url) -> list[dict]:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def test_root_redirects_to_the_visitors_language(client):
    response = client.get("/", headers={"Accept-Language": "uk,en;q=0.5"})
    assert response.status_code == 302
    assert response["Location"] == "/uk/"


def test_world_page_charts_casualties_2016_to_2022_with_table_and_csv(client):
    html = page(client, "/en/")
    assert '<svg viewBox="0 0 640' in html
    for year in range(2016, 2023):
        assert f'<th scope="row">{year}</th>' in html
    assert "9,437" in html  # 2016, Landmine Monitor 2018
    assert 'href="/en/world/casualties.csv?year=' in html
    rows = csv_rows(client, "/en/world/casualties.csv")
    by_year = {row["Year"]: row for row in rows}
    assert by_year["2016"]["Total"] == "9437"
    assert by_year["2016"]["Killed"] == "2472"
    assert by_year["2021"]["Not broken down"] == "5544"  # only a total was reported
    assert by_year["2022"]["source"] == "lm2023-impact"


def test_a_chart_download_is_the_table_shown_also_as_of_a_past_moment(client):
    """A page as of a moment links its charts' CSV as of that moment, and the CSV reads that moment's history: on
    1 January 2000 nothing was published yet."""
    html = page(client, "/en/?as_of=2099-01-01")
    assert 'href="/en/world/casualties.csv?year=2022&amp;as_of=2099-01-01"' in html
    assert 'href="/en/countries/UKR/casualties.csv?as_of=2099-01-01"' in page(
        client, "/en/countries/UKR/?as_of=2099-01-01"
    )
    assert csv_rows(client, "/en/world/casualties.csv?as_of=2099-01-01") == csv_rows(client, "/en/world/casualties.csv")
    assert csv_rows(client, "/en/world/casualties.csv?as_of=2000-01-01") == []
    assert csv_rows(client, "/en/countries/UKR/casualties.csv?as_of=2000-01-01") == []
    assert client.get("/en/world/casualties.csv?as_of=someday").status_code == 400


def test_world_page_top_countries_for_a_chosen_year(client):
    html = page(client, "/en/?year=2017")
    assert "Countries with the most casualties in 2017" in html
    rows = csv_rows(client, "/en/world/top-countries.csv?year=2017")
    assert [row["Country or area"] for row in rows] == ["Afghanistan", "Syria"]
    assert rows[0]["Total"] == "2300"


def test_a_country_with_killed_and_injured_but_no_total_is_ranked_not_left_out(client):
    """Myanmar's case: 36 killed and 238 injured, no total. It ranks by what was given; its total stays empty."""
    parts = Area.objects.create(code="XPT", name="Parts only", kind="country")
    whole = Area.objects.create(code="XWH", name="Whole", kind="country")
    CasualtyRecordFactory(area=parts, total=None, killed=36, injured=238, period_start=dt.date(1996, 1, 1))
    CasualtyRecordFactory(area=whole, total=100, period_start=dt.date(1996, 1, 1))
    rows = csv_rows(client, "/en/world/top-countries.csv?year=1996")
    assert [(row["Country or area"], row["Total"], row["Killed"]) for row in rows] == [
        ("Parts only", "", "36"),
        ("Whole", "100", ""),
    ]


def test_world_page_lists_states_leaving_the_mine_ban_treaty(client):
    html = page(client, "/en/")
    section = html[html.index('id="leaving-heading"') :]
    for name in ("Estonia", "Latvia", "Lithuania", "Finland", "Poland", "Ukraine"):
        assert name in section
    assert "Feb. 20, 2026" in section  # Poland: notice of 20 August 2025 + six months
    assert "Deferred: the state is in an armed conflict" in section  # Ukraine


def test_withdrawal_known_only_by_its_effect_is_listed_and_shown(client):
    """Where only the day a withdrawal took effect is recorded, the state is listed without a notice date."""
    TreatyAction.objects.filter(area__code="POL", kind="withdrawal_notified").update(
        kind="withdrawal_effective", date="2026-02-20"
    )
    section = page(client, "/en/")
    section = section[section.index('id="leaving-heading"') :]
    row = section[section.index(">Poland</a>") :]
    row = row[: row.index("</tr>")]
    assert "<td>\N{EN DASH}</td>" in row and "Feb. 20, 2026" in row and "Withdrawn" in row
    assert "The withdrawal took effect on Feb. 20, 2026." in page(client, "/en/countries/POL/")


def test_poland_profile_shows_the_us_credit_guarantee_with_its_source(client):
    html = page(client, "/en/countries/POL/")
    table = html[html.index('class="financing"') :]
    table = table[: table.index("</table>")]
    assert "Government of the United States" in table and "Credit guarantee" in table
    assert "4,000,000,000 USD" in table and "not stated" in table  # the report gives no date
    assert "Poland to resume anti-personnel mine production" in table
    html = page(client, "/uk/countries/POL/")
    assert "Кредитна гарантія" in html and "модернізувати збройні сили" in html


def test_poland_profile_treaty_timeline_production_and_east_shield(client):
    html = page(client, "/en/countries/POL/")
    assert "<h1>Poland" in html
    timeline = html[html.index('class="timeline"') :]
    assert '<time datetime="2012-12-27">' in timeline  # ratification
    assert '<time datetime="2025-08-20">' in timeline  # withdrawal notice
    assert '<time datetime="2026-02-20">' in timeline  # effective six months later
    assert "The withdrawal took effect on Feb. 20, 2026." in html
    assert "Belma" in html and "approximately 100,000" in html and "up to 1,200,000" in html
    assert "5,000,000\N{EN DASH}6,000,000" in html
    assert "East Shield" in html and "10,000,000,000 PLN" in html
    # every figure names its source, linked when the source has an address, and its further citations
    assert 'rel="external noopener" lang="en">Poland resumes anti-personnel mine production' in html
    production = html[html.index("<caption>Mine production") :]
    assert '<span class="also"> · also ' in production and "(current output)" in production


def test_profile_shows_published_figures_only(client):
    area = Area.objects.get(code="SYR")
    CasualtyRecordFactory(
        area=area,
        source=SourceFactory(slug="unreviewed-report"),
        status=ReviewStatusChoices.DRAFT,
        is_preferred=False,
        total=77777,
    )
    html = page(client, "/en/countries/SYR/")
    assert "1,906" in html  # published 2017 figure
    assert "77,777" not in html and "unreviewed-report" not in html
    assert all(row["Total"] != "77777" for row in csv_rows(client, "/en/countries/SYR/casualties.csv"))


def test_profile_device_chart_and_land_release(client):
    html = page(client, "/en/countries/WLD/")
    assert "Improvised mine" in html or "improvised" in html.lower()
    rows = csv_rows(client, "/en/countries/WLD/land-release.csv")
    assert rows[0]["Cleared"] == "189000000"


def test_the_world_has_no_treaty_status_of_its_own(client):
    """A group of states is neither a party nor "not recorded": treaties bind states."""
    html = page(client, "/en/countries/WLD/")
    assert "no treaty status of its own" in html and "Not recorded" not in html
    assert Client().get("/api/v1/countries/WLD/profile/").json()["treaty_status"] == []
    assert "Not recorded" in page(client, "/en/countries/KHM/")


def test_country_index_searches_names_in_every_language_and_codes(client):
    assert "/en/countries/POL/" in page(client, "/en/countries/")
    for query in ("Польща", "Польша", "polan", "pol"):
        html = page(client, f"/en/countries/?q={query}")
        assert 'href="/en/countries/POL/"' in html, query
    html = page(client, "/en/countries/?q=zzzz")
    assert "No country or area matches." in html
    all_areas = page(client, "/en/countries/?all=1")
    assert "no published data" in all_areas  # e.g. countries without any figure yet


@pytest.mark.parametrize(
    ("language", "name", "heading"),
    [("uk", "Польща", "Договори"), ("ru", "Польша", "Договоры"), ("en", "Poland", "Treaties")],
)
def test_profile_speaks_the_language_of_its_address(client, language, name, heading):
    html = page(client, f"/{language}/countries/POL/")
    assert f'<html lang="{language}">' in html
    assert f"<h1>{name}" in html
    assert heading in html


def test_language_switcher_redirects_to_the_same_page_in_the_chosen_language(client):
    response = client.post("/i18n/setlang/", {"language": "uk", "next": "/en/countries/POL/"})
    assert response.status_code == 302
    assert response["Location"] == "/uk/countries/POL/"


def test_pages_work_without_javascript(client):
    """No script but the maps' own (a map stays hidden without it, beside a table of the same figures)."""
    maps = re.compile(
        r'<script type="module" src="/static/kb/maps/maps.js"></script>'
        r'|<script id="world-map-values" type="application/json">[^<]*</script>'
    )
    for url in ("/en/", "/en/countries/", "/en/countries/POL/"):
        assert "<script" not in maps.sub("", page(client, url))


@pytest.mark.parametrize("url", ["/en/countries/NOPE/", "/en/countries/POL/nothing.csv", "/en/world/nothing.csv"])
def test_unknown_pages_are_404(client, url):
    assert client.get(url).status_code == 404


def test_pages_refuse_writes(client):
    assert client.post("/en/countries/POL/").status_code == 405


def test_unpublished_only_area_has_empty_sections(client):
    area = Area.objects.create(code="XQZ", kind="territory", name="Draftland")
    CasualtyRecordFactory(area=area, status=ReviewStatusChoices.DRAFT, is_preferred=False)
    html = page(client, "/en/countries/XQZ/")
    assert "No published figures yet." in html
    assert CasualtyRecord.objects.filter(area=area).exists()


def test_pages_send_a_strict_content_security_policy(client, admin_client):
    for response in (client.get("/en/countries/POL/"), admin_client.get("/admin/")):
        policy = response["Content-Security-Policy"]
        assert "script-src 'self';" in policy and "frame-ancestors 'none'" in policy
    # the API docs start with an inline script, and only they may
    docs = client.get("/api/docs/")["Content-Security-Policy"]
    assert "script-src 'self' 'unsafe-inline'" in docs


def test_page_and_api_agree_on_a_total_the_source_did_not_give(client):
    area = Area.objects.create(code="XTT", name="Total test", kind="country")
    CasualtyRecordFactory(area=area, total=None, killed=4, injured=6)
    [row] = csv_rows(client, "/en/countries/XTT/casualties.csv")
    assert (row["Killed"], row["Injured"], row["Total"]) == ("4", "6", "")
    api = Client().get("/api/v1/casualties/", {"area": "XTT"}).json()
    assert [item["total"] for item in api["results"]] == [None]


@pytest.mark.parametrize(("language", "verb"), [("en", "Change"), ("uk", "Змінити"), ("ru", "Изменить")])
def test_the_language_button_is_a_verb(client, language, verb):
    """The admin's 'Change' (a noun: a change in the history) must not name the button that switches language."""
    response = client.get(f"/{language}/")
    assert response.status_code == 200
    assert f'<button type="submit">{verb}</button>' in response.content.decode()


@pytest.mark.parametrize(("language", "length"), [("en", "800&nbsp;km"), ("uk", "800&nbsp;км"), ("ru", "800&nbsp;км")])
def test_the_length_unit_is_in_the_pages_language(client, language, length):
    """The unit in the page's language, never wrapped away from its number."""
    html = page(client, f"/{language}/countries/POL/")
    assert f"<dd>{length}</dd>" in html


@pytest.mark.parametrize(
    ("language", "treaty", "programme", "description"),
    [
        ("uk", "Конвенція про заборону застосування, накопичення запасів", "Східний щит", "Укріплення східного"),
        ("ru", "Конвенция о запрещении применения, накопления запасов", "Восточный щит", "Укрепление восточной"),  # noqa: RUF001
    ],
)
def test_treaty_and_programme_texts_are_in_the_pages_language(client, language, treaty, programme, description):
    html = page(client, f"/{language}/countries/POL/")
    assert f"<h3>{treaty}" in html
    # The demo programme's names are marked as our translations (tests/web/test_own_translations.py).
    assert f"<h3>{programme}<span" in html and f"<p>{description}" in html
    # Source titles stay as published (in English); the knowledge base's own texts do not.
    assert "<h3>Convention on" not in html and "<h3>East Shield" not in html and "Mine Ban Treaty</caption>" not in html
    assert 'class="untranslated"' not in html


def test_notes_kept_in_english_only_are_marked_english_on_other_languages_pages(client):
    area = Area.objects.create(code="XEN", name="English notes", kind="country")
    ProductionRecordFactory(area=area, notes="Output resumed at the state plant.")
    assert "<td>Output resumed at the state plant.</td>" in page(client, "/en/countries/XEN/")
    for language in ("uk", "ru"):
        html = page(client, f"/{language}/countries/XEN/")
        assert '<td><span lang="en">Output resumed at the state plant.</span></td>' in html


def test_treaty_action_notes_and_conflicts_are_in_the_pages_language(client):
    html = page(client, "/uk/countries/UKR/")
    assert "<td>Указ Президента № 441/2025 про вихід." in html
    assert "<td>Повномасштабне вторгнення Росії в Україну (" in html
    assert "Presidential Decree" not in html and "full-scale invasion" not in html


def test_a_missing_translation_shows_the_english_text_marked_as_english(client):
    Programme.objects.filter(slug="east-shield").update(name_uk="")
    html = page(client, "/uk/countries/POL/")
    assert '<h3><span lang="en" class="untranslated">East Shield</span></h3>' in html
    assert "<p>Укріплення східного" in html  # the description is translated: not marked
    assert '<h3><span lang="en"' not in page(client, "/en/countries/POL/")  # English is no fallback on English pages


def test_same_day_withdrawals_are_in_the_pages_alphabetical_order(client):
    """Estonia, Latvia and Lithuania notified on the same day: in Russian, Эстония comes after Латвия and Литва."""
    html = page(client, "/ru/")
    leaving = html[html.index('id="leaving-heading"') :]
    positions = [leaving.index(name) for name in ("Латвия", "Литва", "Эстония")]
    assert positions == sorted(positions)


def test_a_page_as_of_a_moment_is_judged_on_the_day_written_in_its_own_offset(client):
    utc = timezone.now()
    written = utc.astimezone(dt.timezone(dt.timedelta(hours=-12 if utc.hour < 12 else 12)))  # another calendar day
    assert written.date() != utc.date()
    with translation.override("en"):
        day = formats.date_format(written.date(), "DATE_FORMAT")
    query = urlencode({"as_of": written.isoformat()})
    assert f"(status as of {day})" in page(client, f"/en/countries/POL/?{query}")
    assert f"Withdrawal notices and when they take effect, as of {day}" in page(client, f"/en/?{query}")


def test_charts_and_tables_keep_hedges_devices_and_missing_figures(client):
    """A hedged total keeps its "at least" in the world table and chart CSV; a period with nothing released shows a
    dash at its bar, not 0; a single device's figure says which device; a year-less title says no "None"."""
    area = Area.objects.create(code="XHG", name="Hedged", kind="country")
    CasualtyRecordFactory(area=area, period_start=dt.date(1998, 1, 1), total=4321, qualifiers={"total": "at_least"})
    html = page(client, "/en/?year=1998")
    assert "at least 4,321" in html[html.index("Casualties per country in 1998") :]
    [row] = [row for row in csv_rows(client, "/en/world/top-countries.csv?year=1998") if row["Total"] == "4321"]
    assert row["qualifiers"] == "total:at_least; unsplit:at_least"  # nothing broken down: all of it, hedged
    released = dict(cleared_m2=None, ap_mines_destroyed=50, period_start=dt.date(2004, 1, 1))
    LandReleaseRecordFactory(area=area, **released)
    LandReleaseRecordFactory(
        area=area, device_type="cluster_submunition", cleared_m2=700, period_start=dt.date(2004, 1, 1)
    )
    profile = page(client, "/en/countries/XHG/")
    chart = profile[
        profile.index('id="land-release-title"') : profile.index(
            "figures and sources", profile.index('id="land-release-title"')
        )
    ]
    assert re.findall(r'<text class="value"[^>]*>([^<]*)</text>', chart) == ["700", NOT_REPORTED]
    assert "2004 (Cluster submunition)" in profile
    assert "in None" not in page(client, "/en/?as_of=2000-01-01")


def test_source_titles_name_their_language_and_as_of_survives_the_year_form(client):
    """A Polish title inside an English page says so (WCAG 3.1.2); choosing a year on a page as of a moment kept
    the moment only until "Show" dropped it."""
    area = Area.objects.create(code="XLG", name="Langland", kind="country")
    CasualtyRecordFactory(area=area, total=7, source=SourceFactory(title="Raport roczny", language="pl"))
    assert 'lang="pl">Raport roczny' in page(client, "/en/countries/XLG/")
    moment = timezone.now().strftime("%Y-%m-%dT%H:%M:%SZ")  # after the demo data was published
    html = page(client, f"/en/?as_of={moment}")
    assert f'<input type="hidden" name="as_of" value="{moment}">' in html
    assert re.search(rf'href="/en/countries/[A-Z]+/\?as_of={moment.replace(":", "%3A")}"', html)


def test_error_pages_speak_the_visitors_language(client):
    """An unknown country and an unreadable moment answered Django's bare English page and an English line."""
    missing = client.get("/uk/countries/XXX/")
    assert missing.status_code == 404
    text = missing.content.decode()
    assert '<html lang="uk">' in text and "Сторінку не знайдено" in text and 'href="/uk/countries/"' in text
    bad = client.get("/ru/?as_of=garbage")
    assert bad.status_code == 400 and "as_of" in bad.content.decode() and '<html lang="ru">' in bad.content.decode()
    assert "Этот момент" in bad.content.decode()


def test_a_treaty_table_lists_actions_and_armed_conflicts_in_date_order(client):
    """Ukraine's 2022 conflict came after its 2025 actions, at the end of the table."""
    html = page(client, "/en/countries/UKR/")
    table = html[html.index("Actions under the Mine Ban Treaty") :]
    table = table[: table.index("</table>")]
    days = re.findall(r'<time datetime="(\d{4}-\d{2}-\d{2})"', table)
    assert "2022-02-24" in days and days == sorted(days)


def test_the_part_of_a_hedged_total_not_broken_down_keeps_the_hedge(client):
    """A total of "at least 4,321" with 1,000 killed left "3,321" not broken down, shown as an exact number."""
    area = Area.objects.create(code="XHU", name="Hedgeland", kind="country")
    CasualtyRecordFactory(
        area=area, period_start=dt.date(1998, 1, 1), total=4321, killed=1000, qualifiers={"total": "at_least"}
    )
    assert "at least 3,321" in page(client, "/en/countries/XHU/")
    [row] = csv_rows(client, "/en/countries/XHU/casualties.csv")
    assert row["qualifiers"] == "total:at_least; unsplit:at_least"

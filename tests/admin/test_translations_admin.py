"""Staff edit treaty, programme and area texts in three languages side by side and see what is left to translate."""

import re

import pytest
from django.urls import reverse

from kb.models import Programme, Treaty
from kb.services.history import record_history_list

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_data")]


def html(admin_client, url: str, language: str = "en") -> str:
    response = admin_client.get(url, headers={"Accept-Language": language})
    assert response.status_code == 200
    return response.content.decode()


def test_treaty_names_stand_side_by_side(admin_client):
    treaty = Treaty.objects.get(code="APMBC")
    page = html(admin_client, reverse("admin:kb_treaty_change", args=[treaty.pk]))
    # Django's admin puts the fields of one fieldset line in one row
    assert re.search(r'class="form-row[^"]*field-name field-name_uk field-name_ru', page)
    assert re.search(r'class="form-row[^"]*field-short_name field-short_name_uk field-short_name_ru', page)
    assert "Договір про заборону мін" in page and "Договор о запрещении мин" in page  # noqa: RUF001


def test_programme_name_and_description_stand_side_by_side(admin_client):
    programme = Programme.objects.get(slug="east-shield")
    page = html(admin_client, reverse("admin:kb_programme_change", args=[programme.pk]))
    assert re.search(r'class="form-row[^"]*field-name field-name_uk field-name_ru', page)
    assert re.search(r'class="form-row[^"]*field-description field-description_uk field-description_ru', page)


def test_changelist_shows_the_coverage_of_translation(admin_client):
    total = Treaty.objects.count()
    page = html(admin_client, reverse("admin:kb_treaty_changelist"))
    assert f"Ukrainian {total}/{total} · Russian {total}/{total}" in page
    assert "uk ✓ · ru ✓" in page
    Treaty.objects.filter(code="CCM").update(short_name_uk="")
    page = html(admin_client, reverse("admin:kb_treaty_changelist"))
    assert f"Ukrainian {total - 1}/{total} · Russian {total}/{total}" in page
    assert "uk 1/2 · ru ✓" in page


@pytest.mark.parametrize(
    ("language", "codes"),
    [("uk", ("AGO", "YEM", "IRQ")), ("ru", ("AGO", "IRQ", "YEM")), ("en", ("AFG", "AGO", "ARG"))],
)
def test_area_changelist_is_in_the_staff_members_alphabetical_order(admin_client, language, codes):
    """Code-point order put Ukrainian Ємен and Ірак (letters outside the Russian block) before Ангола."""
    page = html(admin_client, reverse("admin:kb_area_changelist") + "?kind__exact=country", language)
    positions = [page.index(f">{code}<") for code in codes]
    assert positions == sorted(positions)


def test_a_translation_edit_is_in_the_records_history():
    """The per-language columns are ordinary fields, so pghistory records a change to a translation alone."""
    treaty = Treaty.objects.get(code="APMBC")
    treaty.short_name_uk = "Оттавська конвенція"
    treaty.save()
    [latest, *_] = reversed(record_history_list(treaty))
    assert latest.changes["short_name_uk"] == ["Договір про заборону мін", "Оттавська конвенція"]


def treaty_form(treaty: Treaty, **changes) -> dict:
    """The treaty change form as posted, with `changes` applied."""
    data = {
        name: "" if getattr(treaty, name) is None else getattr(treaty, name)
        for name in (
            "code",
            "name",
            "name_uk",
            "name_ru",
            "short_name",
            "short_name_uk",
            "short_name_ru",
            "adopted_on",
            "entry_into_force_on",
            "entry_into_force_months",
            "withdrawal_notice_months",
            "text_url",
            "records_complete_on",
        )
    }
    data |= {"translations_from_sources": treaty.translations_from_sources}
    for flag in ("entry_into_force_first_of_month", "armed_conflict_defers_withdrawal"):
        if getattr(treaty, flag):
            data[flag] = "on"
    return data | changes


def test_staff_tick_the_translations_a_source_gives(admin_client):
    treaty = Treaty.objects.get(code="CCM")
    url = reverse("admin:kb_treaty_change", args=[treaty.pk])
    page = html(admin_client, url)
    assert re.search(r'<input type="checkbox" name="translations_from_sources" value="name_ru"[^>]* checked', page)
    assert not re.search(r'<input type="checkbox" name="translations_from_sources" value="name_uk"[^>]* checked', page)
    response = admin_client.post(url, treaty_form(treaty, translations_from_sources=["name_ru", "short_name_ru"]))
    assert response.status_code == 302
    treaty.refresh_from_db()
    assert treaty.translations_from_sources == ["name_ru", "short_name_ru"]
    [latest, *_] = reversed(record_history_list(treaty))
    assert latest.changes["translations_from_sources"] == [["name_ru"], ["name_ru", "short_name_ru"]]


def test_a_translation_the_record_lacks_cannot_be_ticked(admin_client):
    treaty = Treaty.objects.get(code="CCM")
    url = reverse("admin:kb_treaty_change", args=[treaty.pk])
    form = treaty_form(treaty, short_name_uk="", translations_from_sources=["short_name_uk"])
    response = admin_client.post(url, form)
    assert response.status_code == 200  # the form again, with the error
    assert "Only a Ukrainian or Russian text the record holds can be given by the sources." in response.content.decode()
    treaty.refresh_from_db()
    assert treaty.short_name_uk and treaty.translations_from_sources == ["name_ru"]

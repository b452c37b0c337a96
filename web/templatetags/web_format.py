"""Formatting of figures for the public pages: grouped digits, hedges ("at least"), and missing values."""

from decimal import Decimal

from django import template
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from kb.choices import QualifierChoices, TreatyStatusChoices
from kb.translations import localized

register = template.Library()
QUALIFIERS = dict(QualifierChoices.choices)
NOT_REPORTED = "\N{EN DASH}"


@register.filter
def figure(value) -> str:
    """1171 -> "1,171" (in the active language's format); None -> an en dash (not reported)."""
    if value is None or value == "":
        return NOT_REPORTED
    if isinstance(value, Decimal) and value == value.to_integral_value():
        value = int(value)  # budgets and lengths: 800, not 800.00
    return number_format(value, force_grouping=True)


@register.simple_tag
def reported(record, field: str) -> str:
    """A record's figure with its hedge, as its source worded it: "at least 1,171"."""
    return _hedged(getattr(record, field), (record.qualifiers or {}).get(field))


def _hedged(value, qualifier: str | None) -> str:
    text = figure(value)
    if value is None or not qualifier:
        return text
    return _("%(qualifier)s %(value)s") % {"qualifier": QUALIFIERS.get(qualifier, qualifier), "value": text}


@register.simple_tag
def chart_cell(row: dict, key: str) -> str:
    """A chart table's cell with its hedge: the record's own for its fields, the row's for a computed column (the
    part of a hedged total not broken down)."""
    record = row.get("record")
    qualifier = row.get("hedges", {}).get(key) or ((record.qualifiers or {}).get(key) if record else None)
    return _hedged(row.get(key), qualifier)


@register.filter
def get_value(row: dict, key: str):
    """row[key] in a template, where the key is a variable (a chart's column)."""
    return row.get(key)


@register.filter
def treaty_status(value: str) -> str:
    """A derived treaty status ("withdrawing") in words."""
    return str(dict(TreatyStatusChoices.choices).get(value, value))


@register.filter
def english(text: str) -> str:
    """Text kept in English only (a figure's notes, a use report's description) on a page in another language,
    marked lang="en" as `content` marks a missing translation, so screen readers pronounce it as English."""
    if not text or (get_language() or "en")[:2] == "en":
        return text
    return format_html('<span lang="en">{}</span>', text)


@register.simple_tag
def content(record, field: str) -> str:
    """A record's text held in three languages, in the page's language. Where the translation is missing, the English
    text stands in, marked lang="en" so screen readers pronounce it as English and styles can flag it. A translation
    of ours (no source gives it) says so after the text, so nobody takes it for an official name."""
    text = localized(record, field)
    if text.is_fallback:
        return format_html('<span lang="{}" class="untranslated">{}</span>', text.language, text)
    if text.by_us:
        return format_html('{}<span class="own-translation"> ({})</span>', text, _("our translation"))
    return text

"""Compact change-list cells, so that every list fits a 1366x768 screen in each language (kb/static/kb/admin.css).

Long text is cut with the whole of it in a tooltip; several figures share one cell, a "label value" line each."""

from decimal import Decimal

from django.contrib import admin
from django.contrib.admin.utils import display_for_field
from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from kb.admin.messages import import_outcome

EMPTY = "-"  # as the admin shows an empty value


def truncated(text, length: int = 40):
    """`text` cut to `length` characters; the whole of it is the cell's tooltip."""
    text = "" if text is None else str(text)
    if len(text) <= length:
        return text or EMPTY
    return format_html('<span class="kb-cut" title="{}">{}</span>', text, Truncator(text).chars(length))


def trimmed(value: Decimal) -> Decimal:
    """85.00 -> 85, 49.50 -> 49.5: a stored decimal without the zeros its column pads it with."""
    text = f"{value:f}"
    return Decimal(text.rstrip("0").rstrip(".") if "." in text else text)


def figure_pairs(obj, names) -> list[tuple[str, str]]:
    """(label, shown value) of each of the `names` fields of `obj` that holds a value, localised as the admin shows
    them (thousands grouped, choices by their label). `names` may map a field to a shorter label than its own."""
    pairs = []
    for name in names:
        value = getattr(obj, name)
        if value is None or value == "":
            continue
        field = obj._meta.get_field(name)
        label = names[name] if isinstance(names, dict) else field.verbose_name
        if isinstance(value, int | float | Decimal) and not field.choices and not isinstance(value, bool):
            shown = number_format(value, force_grouping=True)  # 1,661,000 m² reads at a glance, 1661000 does not
        else:
            shown = display_for_field(value, field, EMPTY)
        pairs.append((label, shown))
    return pairs


def figures_cell(obj, names, *, labels: bool = True):
    """The figures of `obj` that hold a value, each with its label unless the column's header says it all."""
    pairs = figure_pairs(obj, names)
    if not pairs:
        return EMPTY
    if not labels:
        return format_html_join(" ", "{}", ((value,) for _label, value in pairs))
    return format_html_join(" ", '<span class="kb-figure">{} <b>{}</b></span>', pairs)


def choices_cell(obj, names, length: int = 40):
    """The values of several breakdown fields in one cell ("civilian, female, child"), or "-" for none."""
    values = [str(value) for _label, value in figure_pairs(obj, names)]
    return truncated(", ".join(values), length) if values else EMPTY


def cut(field: str, length: int, description):
    """A list column of `field` cut to `length` characters (the whole text as tooltip), sorted by the field."""

    @admin.display(description=description, ordering=field)
    def cell(obj):
        return truncated(getattr(obj, field), length)

    cell.__name__ = field  # the column's CSS class, as for the field itself
    return cell


@admin.display(description=_("outcome"))
def outcome_cell(batch):
    """An import batch's counts per outcome ("12 new records, 3 records changed, 0 records unchanged")."""
    return import_outcome(batch.totals) if batch.totals else EMPTY

"""Structured form fields of the statistics admin: the period as a precision plus dates, and one choice per
qualified figure. Both store exactly what the raw text and JSON stored before (kb/periods.py, `qualifiers`)."""

import datetime as dt
import re

from django import forms
from django.utils.text import capfirst, format_lazy
from django.utils.translation import gettext_lazy as _

from kb.choices import PeriodKindChoices as Kind
from kb.choices import QualifierChoices
from kb.periods import MSG_PERIOD_ORDER, Period, period_parse

MSG_KIND = _("Choose what the figure covers: a calendar year, a month, a date range or a single date.")
MSG_YEAR = _("Enter the year as four digits, e.g. 2018.")
MSG_MONTH = _("Enter the month as year-month, e.g. 2025-12.")
MSG_DAY = _("Enter the date as year-month-day, e.g. 2021-12-31.")
MSG_END_NEEDED = _("A date range needs its last day.")
MSG_END_UNUSED = _("Only a date range has a last day: clear it, or choose “Date range”.")
MSG_QUALIFIER_UNREPORTED = _(
    "The figure “%(figure)s” is not reported, so it cannot be qualified: enter it or clear this."
)
MSG_QUALIFIERS_HELP = _("How the source hedges each figure (“at least 6,279”); most figures are exact.")
QUALIFIER_PREFIX = "qualifier_"

_YEAR = re.compile(r"^\d{4}$")
_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class PeriodWidget(forms.MultiWidget):
    """A precision (year, month, range, as of), the year, month or first day, and a range's last day."""

    template_name = "admin/kb/widgets/period.html"
    labels = (_("covers"), _("year, month or date"), _("last day (date ranges only)"))

    class Media:
        css = {"all": ["kb/admin-forms.css"]}

    def __init__(self, attrs=None):
        widgets = {
            "precision": forms.Select(choices=[("", "---------"), *Kind.choices]),
            "from": forms.TextInput(attrs={"size": 12, "placeholder": "2018 · 2025-12 · 2021-12-31"}),
            "to": forms.DateInput(attrs={"type": "date"}),
        }
        super().__init__(widgets, attrs)

    def decompress(self, value):
        if not value:
            return [None, None, None]
        try:
            period = value if isinstance(value, Period) else period_parse(str(value))
        except ValueError:
            return [None, str(value), None]
        start = {Kind.YEAR: str(period)[:4], Kind.MONTH: str(period)[:7]}.get(period.kind, period.start.isoformat())
        return [period.kind, start, period.end.isoformat() if period.kind == Kind.RANGE else None]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        for subwidget, label in zip(context["widget"]["subwidgets"], self.labels, strict=True):
            subwidget["label"] = label
        return context


class PeriodField(forms.MultiValueField):
    """Reads the three parts into a Period, with an error that says which part is wrong and how to write it."""

    widget = PeriodWidget

    def __init__(self, **kwargs):
        fields = (
            forms.ChoiceField(choices=Kind.choices, required=False),
            forms.CharField(required=False),
            forms.CharField(required=False),
        )
        super().__init__(fields, require_all_fields=False, **kwargs)

    def compress(self, data_list):
        kind, start, end = ([*data_list, None, None, None])[:3]
        start, end = (start or "").strip(), (end or "").strip()
        if not kind:
            raise forms.ValidationError(MSG_KIND, code="kind")
        if end and kind != Kind.RANGE:
            raise forms.ValidationError(MSG_END_UNUSED, code="end_unused")
        shape, message = {Kind.YEAR: (_YEAR, MSG_YEAR), Kind.MONTH: (_MONTH, MSG_MONTH)}.get(kind, (_DAY, MSG_DAY))
        if not shape.match(start) or not _is_date(start, kind):
            raise forms.ValidationError(message, code="start")
        if kind != Kind.RANGE:
            return period_parse(start)
        if not end:
            raise forms.ValidationError(MSG_END_NEEDED, code="end_needed")
        if not _DAY.match(end) or not _is_date(end, kind):
            raise forms.ValidationError(MSG_DAY, code="end")
        if end < start:  # ISO dates sort as text
            raise forms.ValidationError(MSG_PERIOD_ORDER, code="order")
        return period_parse(f"{start}/{end}")


def _is_date(text: str, kind: str) -> bool:
    if kind in (Kind.YEAR, Kind.MONTH):
        return True  # the pattern already allows only real years and months
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def qualifier_fields(model) -> dict[str, forms.ChoiceField]:
    """One optional choice per figure a qualifier may hedge (`figure_fields`), named qualifier_<figure>."""
    blank = [("", _("as reported (exact)"))]
    return {
        f"{QUALIFIER_PREFIX}{figure}": forms.ChoiceField(
            label=capfirst(format_lazy(_("{figure} is"), figure=model._meta.get_field(figure).verbose_name)),
            choices=blank + list(QualifierChoices.choices),
            required=False,
        )
        for figure in model.figure_fields
    }


def qualifiers_text(record) -> str:
    """The record's qualifiers in words ("Total casualties: at least"), for read-only change forms."""
    labels = dict(QualifierChoices.choices)
    return "; ".join(
        f"{capfirst(record._meta.get_field(figure).verbose_name)}: {labels.get(qualifier, qualifier)}"
        for figure, qualifier in sorted((record.qualifiers or {}).items())
        if figure in record.figure_fields
    )

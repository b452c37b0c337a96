"""Form data for the statistics change form, shared by tests that post it."""

from kb.admin.widgets import PeriodWidget
from kb.models import Source


def period_fields(period: str) -> dict[str, str]:
    """The period widget's three inputs for a period in the text notation ("2018", "2019-01-01/2020-06-30")."""
    precision, start, end = PeriodWidget().decompress(period)
    return {"period_precision": precision, "period_from": start, "period_to": end or ""}


def casualty_add_data(area, **fields) -> dict:
    """The add form of a casualty figure: a 2021 total of 12 for `area`, from the 2022 Monitor, no citations."""
    return {
        "area": area.pk,
        "period_precision": "year",
        "period_from": "2021",
        "period_to": "",
        "total": "12",
        "source": Source.objects.get(slug="lm2022-impact").pk,
        "kb-citation-content_type-object_id-TOTAL_FORMS": "0",
        "kb-citation-content_type-object_id-INITIAL_FORMS": "0",
        **fields,
    }

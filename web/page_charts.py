"""The charts of each public page, built from the selectors' records. Each page's charts are keyed by slug, which
is also the name of their CSV download."""

from django.utils.translation import gettext_lazy as _

from kb.choices import DeviceTypeChoices
from kb.selectors.overview import WorldOverview
from kb.selectors.profiles import CountryProfile
from web.charts import Chart, Column

CASUALTY_COLUMNS = [
    Column("killed", _("Killed")),
    Column("injured", _("Injured")),
    Column("fate_unknown", _("Fate unknown")),
    Column("unsplit", _("Not broken down")),
    Column("total", _("Total")),
]


def _unsplit(total, *parts):
    """The part of a total its source did not break down (e.g. only a total was reported)."""
    if total is None:
        return None
    rest = total - sum(part or 0 for part in parts)
    return rest if rest > 0 else None


def _unsplit_hedge(record, total_field: str, part_fields: tuple[str, ...]) -> dict:
    """{"unsplit": qualifier}: what is left of a hedged total ("at least 608") after exact parts is hedged the same
    way; it was shown as an exact number. With a hedged part the rest has no single hedge, and none is claimed."""
    hedges = record.qualifiers or {}
    if hedges.get(total_field) and not any(hedges.get(name) for name in part_fields):
        return {"unsplit": hedges[total_field]}
    return {}


def _casualty_row(label, record) -> dict:
    # The total is the source's, as the API serves it: a total nobody reported stays unknown, never killed + injured.
    parts, total = (record.killed, record.injured, record.fate_unknown), record.total
    return {
        "label": label,
        "killed": record.killed,
        "injured": record.injured,
        "fate_unknown": record.fate_unknown,
        "unsplit": _unsplit(total, *parts),
        "total": total,
        "source": record.source,
        "record": record,
        "hedges": _unsplit_hedge(record, "total", ("killed", "injured", "fate_unknown")),
    }


def casualty_series_chart(records, *, title) -> Chart:
    return Chart(
        slug="casualties",
        title=title,
        label_heading=_("Year"),
        columns=CASUALTY_COLUMNS,
        stacked=["killed", "injured", "fate_unknown", "unsplit"],
        rows=[_casualty_row(str(record.year), record) for record in records],
        description=_("Casualties per year: killed, injured and fate unknown, as reported."),
    )


def device_chart(records) -> Chart:
    device_names = dict(DeviceTypeChoices.choices)
    rows = [
        {
            "label": f"{record.year}: {device_names.get(record.device_type, record.device_type)}",
            "total": record.total,
            "killed": record.killed,
            "injured": record.injured,
            "source": record.source,
            "record": record,
        }
        for record in records
    ]
    return Chart(
        slug="casualties-by-device",
        title=_("Casualties by type of device"),
        label_heading=_("Year and device"),
        columns=[Column("total", _("Total")), Column("killed", _("Killed")), Column("injured", _("Injured"))],
        stacked=["total"],
        rows=rows,
        horizontal=True,
    )


def land_release_chart(records) -> Chart:
    rows = []
    for record in records:
        parts = (record.cleared_m2, record.reduced_m2, record.cancelled_m2)
        label = str(record.period)
        if record.device_type:  # a period may hold an all-devices figure and one for a single kind of device
            label = f"{label} ({record.get_device_type_display()})"
        if record.operator_id:
            label = f"{label}: {record.operator.name}"
        rows.append(
            {
                "label": label,
                "cleared_m2": record.cleared_m2,
                "reduced_m2": record.reduced_m2,
                "cancelled_m2": record.cancelled_m2,
                "unsplit": _unsplit(record.released_m2, *parts),
                "hedges": _unsplit_hedge(record, "released_m2", ("cleared_m2", "reduced_m2", "cancelled_m2")),
                "released_m2": record.released_m2,
                "ap_mines_destroyed": record.ap_mines_destroyed,
                "source": record.source,
                "record": record,
            }
        )
    return Chart(
        slug="land-release",
        title=_("Land released (m²)"),
        label_heading=_("Period and operator"),
        columns=[
            Column("cleared_m2", _("Cleared")),
            Column("reduced_m2", _("Reduced by technical survey")),
            Column("cancelled_m2", _("Cancelled by non-technical survey")),
            Column("unsplit", _("Not broken down")),
            Column("released_m2", _("Released in all")),
            Column("ap_mines_destroyed", _("Anti-personnel mines destroyed")),
        ],
        stacked=["cleared_m2", "reduced_m2", "cancelled_m2", "unsplit"],
        rows=rows,
        horizontal=True,
    )


def country_charts(profile: CountryProfile) -> dict[str, Chart]:
    charts = [
        casualty_series_chart(profile.casualty_series, title=_("Casualties per year")),
        device_chart(profile.casualties_by_device),
        land_release_chart(profile.land_release_series),
    ]
    return {chart.slug: chart for chart in charts}


def world_charts(overview: WorldOverview) -> dict[str, Chart]:
    top = Chart(
        slug="top-countries",
        title=(
            _("Countries with the most casualties in %(year)s") % {"year": overview.year}
            if overview.year is not None
            else _("Countries with the most casualties")
        ),
        label_heading=_("Country or area"),
        columns=CASUALTY_COLUMNS,
        stacked=["killed", "injured", "fate_unknown", "unsplit"],
        rows=[_casualty_row(record.area.localized_name, record) for record in overview.top_countries],
        horizontal=True,
    )
    world = casualty_series_chart(overview.casualty_series, title=_("Casualties worldwide per year"))
    return {chart.slug: chart for chart in (world, top)}

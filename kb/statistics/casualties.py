"""Casualties: people killed, injured or of unknown fate (kb/models/casualties.py)."""

from kb.statistics.base import DEVICE_HXL, Column, Statistic

# Breakdowns are text columns; only counts of people are #affected. A sum of #affected+killed over rows counts people
# twice unless it keeps the rows without breakdown (#meta+headline = true, a download column).
CASUALTIES = Statistic(
    resource="casualties",
    basename="casualty",
    model_label="kb.CasualtyRecord",
    columns=(
        Column("civilian_status", "#group+civilian_status"),
        Column("sex", "#group+sex"),
        Column("age_group", "#group+age"),
        Column("device_type", DEVICE_HXL),
        Column("total", "#affected+total"),
        Column("killed", "#affected+killed"),
        Column("injured", "#affected+injured"),
        Column("fate_unknown", "#affected+fate_unknown"),
        Column("share_percent", "#indicator+share+pct"),
        Column("share_of", "#indicator+share+denominator+num"),
        Column("share_basis", "#description+denominator"),
    ),
    dimensions=("civilian_status", "sex", "age_group", "device_type"),
    figures=("total", "killed", "injured", "fate_unknown", "share_percent", "share_of"),
    filters=("civilian_status", "sex", "age_group", "device_type"),
    listed=("total", "killed", "injured", "fate_unknown"),
    admin_filters=("device_type", "civilian_status", "age_group", "sex"),
)

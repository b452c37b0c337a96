"""Contamination: confirmed and suspected hazardous areas (kb/models/contamination.py)."""

from kb.statistics.base import DEVICE_HXL, Column, Statistic

CONTAMINATION = Statistic(
    resource="contamination",
    basename="contamination",
    model_label="kb.ContaminationRecord",
    columns=(
        Column("device_type", DEVICE_HXL),
        Column("confirmed_areas", "#indicator+hazard+confirmed+num"),
        Column("confirmed_m2", "#indicator+hazard+confirmed+m2+num"),
        Column("suspected_areas", "#indicator+hazard+suspected+num"),
        Column("suspected_m2", "#indicator+hazard+suspected+m2+num"),
        Column("total_m2", "#indicator+hazard+total+m2+num"),
        Column("affected_areas", "#indicator+areas+contaminated+num"),
        Column("extent_class", "#severity+hazard+extent"),
    ),
    dimensions=("device_type",),
    figures=("confirmed_areas", "confirmed_m2", "suspected_areas", "suspected_m2", "total_m2", "affected_areas"),
    filters=("device_type", "extent_class"),
    listed=("confirmed_areas", "confirmed_m2", "suspected_areas", "suspected_m2", "affected_areas", "extent_class"),
    admin_filters=("device_type", "extent_class"),
)

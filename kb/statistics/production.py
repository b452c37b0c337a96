"""Production of mines by producers, and reports of mine use (kb/models/production.py)."""

from kb.statistics.base import DEVICE_HXL, Column, Statistic

PRODUCTION = Statistic(
    resource="production",
    basename="production",
    model_label="kb.ProductionRecord",
    columns=(
        Column("producer", "#org+producer"),
        Column("device_type", DEVICE_HXL),
        Column("basis", "#meta+basis", required=True),
        Column("rate", "#meta+rate", required=True),
        Column("quantity", "#output+num"),
        Column("quantity_max", "#output+num+max"),
    ),
    dimensions=("producer", "device_type", "basis", "rate"),
    figures=("quantity", "quantity_max"),
    filters=("producer", "device_type", "basis"),
    listed=("quantity", "quantity_max"),
    admin_filters=("basis", "device_type", "producer"),
)

USE_REPORTS = Statistic(
    resource="use-reports",
    basename="use-report",
    model_label="kb.UseReport",
    columns=(
        Column("actor_kind", "#org+type+actor", required=True),
        Column("actor_area", "#country+code+actor", column="actor_country_code"),
        Column("actor_name", "#org+name+actor"),
        Column("device_type", DEVICE_HXL),
        Column("confidence", "#meta+confidence", required=True),
        Column("description", "#description+use"),
    ),
    dimensions=("actor_kind", "actor_area", "actor_name", "device_type"),
    filters=("actor_kind", "actor_area", "confidence", "device_type"),
    listed=("confidence",),
    admin_filters=("actor_kind", "confidence"),
)

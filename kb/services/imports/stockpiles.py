"""Import/export mapping for stockpile records."""

from kb.services.imports.base import column
from kb.services.imports.statistics import (
    StatisticalResource,
    statistic_fields,
    statistic_hxl,
    statistic_key,
    statistic_required,
)
from kb.services.imports.widgets import StrictIntegerWidget
from kb.statistics.stockpiles import STOCKPILES


class StockpileRecordResource(StatisticalResource):
    stockpiled = column("stockpiled", StrictIntegerWidget())
    destroyed = column("destroyed", StrictIntegerWidget())
    destroyed_cumulative = column("destroyed_cumulative", StrictIntegerWidget())
    retained_for_training = column("retained_for_training", StrictIntegerWidget())

    hxl = statistic_hxl(STOCKPILES)
    required = statistic_required(STOCKPILES)

    class Meta(StatisticalResource.Meta):
        model = STOCKPILES.model
        fields = statistic_fields(*STOCKPILES.names)
        import_id_fields = statistic_key(*STOCKPILES.dimensions)

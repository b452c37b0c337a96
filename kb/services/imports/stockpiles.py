"""Import/export mapping for stockpile records."""

from kb.models import StockpileRecord
from kb.services.imports.base import column
from kb.services.imports.statistics import COMMON_HXL, StatisticalResource, statistic_fields, statistic_key
from kb.services.imports.widgets import StrictIntegerWidget


class StockpileRecordResource(StatisticalResource):
    stockpiled = column("stockpiled", StrictIntegerWidget())
    destroyed = column("destroyed", StrictIntegerWidget())
    destroyed_cumulative = column("destroyed_cumulative", StrictIntegerWidget())
    retained_for_training = column("retained_for_training", StrictIntegerWidget())

    hxl = {
        **COMMON_HXL,
        "stockpiled": "#capacity+stockpiled",
        "destroyed": "#output+destroyed",
        "destroyed_cumulative": "#output+destroyed+cumulative",
        "retained_for_training": "#capacity+retained",
    }
    required = StatisticalResource.required_common

    class Meta(StatisticalResource.Meta):
        model = StockpileRecord
        fields = statistic_fields("stockpiled", "destroyed", "destroyed_cumulative", "retained_for_training")
        import_id_fields = statistic_key()

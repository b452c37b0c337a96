"""Import/export mapping for contamination records."""

from kb.choices import DeviceTypeChoices, ExtentClassChoices
from kb.services.imports.base import column
from kb.services.imports.statistics import (
    StatisticalResource,
    statistic_fields,
    statistic_hxl,
    statistic_key,
    statistic_required,
)
from kb.services.imports.widgets import NullableChoiceWidget, StrictIntegerWidget
from kb.statistics.contamination import CONTAMINATION


class ContaminationRecordResource(StatisticalResource):
    device_type = column("device_type", NullableChoiceWidget(DeviceTypeChoices, label="contamination type"))
    confirmed_areas = column("confirmed_areas", StrictIntegerWidget())
    confirmed_m2 = column("confirmed_m2", StrictIntegerWidget())
    suspected_areas = column("suspected_areas", StrictIntegerWidget())
    suspected_m2 = column("suspected_m2", StrictIntegerWidget())
    total_m2 = column("total_m2", StrictIntegerWidget())
    extent_class = column("extent_class", NullableChoiceWidget(ExtentClassChoices, label="extent class"))

    hxl = statistic_hxl(CONTAMINATION)
    required = statistic_required(CONTAMINATION)

    class Meta(StatisticalResource.Meta):
        model = CONTAMINATION.model
        fields = statistic_fields(*CONTAMINATION.names)
        import_id_fields = statistic_key(*CONTAMINATION.dimensions)

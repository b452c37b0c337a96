"""Import/export mapping for casualty records."""

from kb.choices import AgeGroupChoices, CivilianStatusChoices, DeviceTypeChoices, SexChoices
from kb.services.imports.base import column
from kb.services.imports.statistics import (
    StatisticalResource,
    statistic_fields,
    statistic_hxl,
    statistic_key,
    statistic_required,
)
from kb.services.imports.widgets import NullableChoiceWidget, StrictDecimalWidget, StrictIntegerWidget, TextWidget
from kb.statistics.casualties import CASUALTIES


class CasualtyRecordResource(StatisticalResource):
    civilian_status = column("civilian_status", NullableChoiceWidget(CivilianStatusChoices, label="civilian status"))
    sex = column("sex", NullableChoiceWidget(SexChoices, label="sex"))
    age_group = column("age_group", NullableChoiceWidget(AgeGroupChoices, label="age group"))
    device_type = column("device_type", NullableChoiceWidget(DeviceTypeChoices, label="device type"))
    total = column("total", StrictIntegerWidget())
    killed = column("killed", StrictIntegerWidget())
    injured = column("injured", StrictIntegerWidget())
    fate_unknown = column("fate_unknown", StrictIntegerWidget())
    share_percent = column("share_percent", StrictDecimalWidget())
    share_of = column("share_of", StrictIntegerWidget())
    share_basis = column("share_basis", TextWidget())

    hxl = statistic_hxl(CASUALTIES)
    required = statistic_required(CASUALTIES)

    class Meta(StatisticalResource.Meta):
        model = CASUALTIES.model
        fields = statistic_fields(*CASUALTIES.names)
        import_id_fields = statistic_key(*CASUALTIES.dimensions)

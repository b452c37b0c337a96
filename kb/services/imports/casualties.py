"""Import/export mapping for casualty records."""

from kb.choices import AgeGroupChoices, CivilianStatusChoices, DeviceTypeChoices, SexChoices
from kb.models import CasualtyRecord
from kb.services.imports.base import column
from kb.services.imports.statistics import COMMON_HXL, DEVICE_HXL, StatisticalResource, statistic_fields, statistic_key
from kb.services.imports.widgets import NullableChoiceWidget, StrictDecimalWidget, StrictIntegerWidget, TextWidget

BREAKDOWNS = ("civilian_status", "sex", "age_group", "device_type")


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

    hxl = {
        **COMMON_HXL,
        # Breakdowns are text columns; only counts of people are #affected. A sum of #affected+killed over rows counts
        # people twice unless it keeps the rows without breakdown (#meta+headline = true, a download column).
        "civilian_status": "#group+civilian_status",
        "sex": "#group+sex",
        "age_group": "#group+age",
        "device_type": DEVICE_HXL,
        "total": "#affected+total",
        "killed": "#affected+killed",
        "injured": "#affected+injured",
        "fate_unknown": "#affected+fate_unknown",
        "share_percent": "#indicator+share+pct",
        "share_of": "#indicator+share+denominator+num",
        "share_basis": "#description+denominator",
    }
    required = StatisticalResource.required_common

    class Meta(StatisticalResource.Meta):
        model = CasualtyRecord
        fields = statistic_fields(
            *BREAKDOWNS, "total", "killed", "injured", "fate_unknown", "share_percent", "share_of", "share_basis"
        )
        import_id_fields = statistic_key(*BREAKDOWNS)

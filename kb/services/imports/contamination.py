"""Import/export mapping for contamination records."""

from kb.choices import DeviceTypeChoices, ExtentClassChoices
from kb.models import ContaminationRecord
from kb.services.imports.base import column
from kb.services.imports.statistics import COMMON_HXL, DEVICE_HXL, StatisticalResource, statistic_fields, statistic_key
from kb.services.imports.widgets import NullableChoiceWidget, StrictIntegerWidget


class ContaminationRecordResource(StatisticalResource):
    device_type = column("device_type", NullableChoiceWidget(DeviceTypeChoices, label="contamination type"))
    confirmed_areas = column("confirmed_areas", StrictIntegerWidget())
    confirmed_m2 = column("confirmed_m2", StrictIntegerWidget())
    suspected_areas = column("suspected_areas", StrictIntegerWidget())
    suspected_m2 = column("suspected_m2", StrictIntegerWidget())
    total_m2 = column("total_m2", StrictIntegerWidget())
    extent_class = column("extent_class", NullableChoiceWidget(ExtentClassChoices, label="extent class"))

    hxl = {
        **COMMON_HXL,
        "device_type": DEVICE_HXL,
        "confirmed_areas": "#indicator+hazard+confirmed+num",
        "confirmed_m2": "#indicator+hazard+confirmed+m2+num",
        "suspected_areas": "#indicator+hazard+suspected+num",
        "suspected_m2": "#indicator+hazard+suspected+m2+num",
        "total_m2": "#indicator+hazard+total+m2+num",
        "extent_class": "#severity+hazard+extent",
    }
    required = StatisticalResource.required_common

    class Meta(StatisticalResource.Meta):
        model = ContaminationRecord
        fields = statistic_fields(
            "device_type",
            "confirmed_areas",
            "confirmed_m2",
            "suspected_areas",
            "suspected_m2",
            "total_m2",
            "extent_class",
        )
        import_id_fields = statistic_key("device_type")

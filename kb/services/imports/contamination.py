"""Import/export mapping for contamination records (columns declared in kb/statistics/contamination.py)."""

from kb.choices import DeviceTypeChoices, ExtentClassChoices
from kb.services.imports.statistics import statistic_resource
from kb.services.imports.widgets import NullableChoiceWidget
from kb.statistics.contamination import CONTAMINATION

ContaminationRecordResource = statistic_resource(
    CONTAMINATION,
    device_type=NullableChoiceWidget(DeviceTypeChoices, label="contamination type"),
    extent_class=NullableChoiceWidget(ExtentClassChoices, label="extent class"),
)

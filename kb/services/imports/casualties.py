"""Import/export mapping for casualty records (columns declared in kb/statistics/casualties.py)."""

from kb.choices import AgeGroupChoices, CivilianStatusChoices, DeviceTypeChoices, SexChoices
from kb.services.imports.statistics import statistic_resource
from kb.services.imports.widgets import NullableChoiceWidget
from kb.statistics.casualties import CASUALTIES

CasualtyRecordResource = statistic_resource(
    CASUALTIES,
    civilian_status=NullableChoiceWidget(CivilianStatusChoices, label="civilian status"),
    sex=NullableChoiceWidget(SexChoices, label="sex"),
    age_group=NullableChoiceWidget(AgeGroupChoices, label="age group"),
    device_type=NullableChoiceWidget(DeviceTypeChoices, label="device type"),
)

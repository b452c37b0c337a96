"""Import/export mapping for land release records (columns declared in kb/statistics/land_release.py)."""

from kb.choices import DeviceTypeChoices
from kb.models import Organisation
from kb.services.imports.statistics import statistic_resource
from kb.services.imports.widgets import NaturalKeyWidget, NullableChoiceWidget
from kb.statistics.land_release import LAND_RELEASE

LandReleaseRecordResource = statistic_resource(
    LAND_RELEASE,
    operator=NaturalKeyWidget(Organisation, "name", label="organisation"),
    device_type=NullableChoiceWidget(DeviceTypeChoices, label="contamination type"),
)

"""Import/export mapping for land release records."""

from kb.choices import DeviceTypeChoices
from kb.models import Organisation
from kb.services.imports.base import column
from kb.services.imports.statistics import (
    StatisticalResource,
    statistic_fields,
    statistic_hxl,
    statistic_key,
    statistic_required,
)
from kb.services.imports.widgets import NaturalKeyWidget, NullableChoiceWidget, StrictIntegerWidget
from kb.statistics.land_release import LAND_RELEASE


class LandReleaseRecordResource(StatisticalResource):
    operator = column("operator", NaturalKeyWidget(Organisation, "name", label="organisation"))
    device_type = column("device_type", NullableChoiceWidget(DeviceTypeChoices, label="contamination type"))
    released_m2 = column("released_m2", StrictIntegerWidget())
    cleared_m2 = column("cleared_m2", StrictIntegerWidget())
    reduced_m2 = column("reduced_m2", StrictIntegerWidget())
    cancelled_m2 = column("cancelled_m2", StrictIntegerWidget())
    ap_mines_destroyed = column("ap_mines_destroyed", StrictIntegerWidget())
    av_mines_destroyed = column("av_mines_destroyed", StrictIntegerWidget())
    other_items_destroyed = column("other_items_destroyed", StrictIntegerWidget())

    hxl = statistic_hxl(LAND_RELEASE)
    required = statistic_required(LAND_RELEASE)

    class Meta(StatisticalResource.Meta):
        model = LAND_RELEASE.model
        fields = statistic_fields(*LAND_RELEASE.names)
        import_id_fields = statistic_key(*LAND_RELEASE.dimensions)

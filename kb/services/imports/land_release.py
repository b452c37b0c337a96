"""Import/export mapping for land release records."""

from kb.choices import DeviceTypeChoices
from kb.models import LandReleaseRecord, Organisation
from kb.models.land_release import LAND_RELEASE_FIGURES
from kb.services.imports.base import column
from kb.services.imports.statistics import COMMON_HXL, DEVICE_HXL, StatisticalResource, statistic_fields, statistic_key
from kb.services.imports.widgets import NaturalKeyWidget, NullableChoiceWidget, StrictIntegerWidget

FIGURES = LAND_RELEASE_FIGURES


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

    hxl = {
        **COMMON_HXL,
        "operator": "#org+impl",
        "device_type": DEVICE_HXL,
        "released_m2": "#output+released+m2",
        "cleared_m2": "#output+cleared+m2",
        "reduced_m2": "#output+reduced+m2",
        "cancelled_m2": "#output+cancelled+m2",
        "ap_mines_destroyed": "#output+destroyed+ap_mines",
        "av_mines_destroyed": "#output+destroyed+av_mines",
        "other_items_destroyed": "#output+destroyed+other",
    }
    required = StatisticalResource.required_common

    class Meta(StatisticalResource.Meta):
        model = LandReleaseRecord
        fields = statistic_fields("operator", "device_type", *FIGURES)
        import_id_fields = statistic_key("operator", "device_type")

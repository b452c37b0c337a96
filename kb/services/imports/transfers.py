"""Import/export mapping for transfers of mines (columns declared in kb/statistics/transfers.py)."""

from kb.choices import DeviceTypeChoices, TransferStatusChoices
from kb.services.imports.reference import area_widget
from kb.services.imports.statistics import statistic_resource
from kb.services.imports.widgets import ChoiceWidget, NullableChoiceWidget
from kb.statistics.transfers import TRANSFERS

TransferResource = statistic_resource(
    TRANSFERS,
    from_area=area_widget(),
    device_type=NullableChoiceWidget(DeviceTypeChoices, label="mine type"),
    transfer_status=ChoiceWidget(TransferStatusChoices, label="transfer status"),
)

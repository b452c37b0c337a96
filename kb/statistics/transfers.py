"""Transfers of mines from one state to another, as reported, alleged, confirmed or denied (kb/models/transfers.py)."""

from kb.statistics.base import DEVICE_HXL, Column, Statistic

TRANSFERS = Statistic(
    resource="transfers",
    basename="transfer",
    model_label="kb.Transfer",
    columns=(
        Column("from_area", "#country+code+supplier", required=True, column="from_country_code"),
        Column("device_type", DEVICE_HXL),
        Column("transfer_status", "#status+transfer", required=True),
        Column("quantity", "#output+num+transferred"),
    ),
    dimensions=("from_area", "device_type"),
    figures=("quantity",),
    filters=("from_area", "device_type", "transfer_status"),
    listed=("transfer_status", "quantity"),
    admin_filters=("transfer_status", "device_type"),
)

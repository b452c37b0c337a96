"""Support for mine action: who gave how much to whom, for what (kb/models/funding.py)."""

from kb.statistics.base import Column, Statistic

FUNDING = Statistic(
    resource="funding",
    basename="funding",
    model_label="kb.FundingRecord",
    columns=(
        Column("donor", "#org+funder"),
        Column("flow", "#meta+flow", required=True),
        Column("sector", "#sector"),
        Column("amount", "#value", required=True),
        Column("currency", "#currency", required=True),
        Column("amount_usd", "#value+usd"),
    ),
    dimensions=("donor", "flow", "sector"),
    figures=("amount", "amount_usd"),
    filters=("donor", "flow", "sector"),
    listed=("amount", "currency", "amount_usd"),
    admin_filters=("flow", "sector", "donor"),
)

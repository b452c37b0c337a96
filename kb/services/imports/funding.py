"""Import/export mapping for funding records."""

from kb.choices import FundingFlowChoices, FundingSectorChoices
from kb.models import FundingRecord, Organisation
from kb.services.imports.base import column
from kb.services.imports.statistics import COMMON_HXL, StatisticalResource, statistic_fields, statistic_key
from kb.services.imports.widgets import (
    ChoiceWidget,
    NaturalKeyWidget,
    NullableChoiceWidget,
    StrictDecimalWidget,
    TextWidget,
)


class FundingRecordResource(StatisticalResource):
    donor = column("donor", NaturalKeyWidget(Organisation, "name", label="organisation"))
    flow = column("flow", ChoiceWidget(FundingFlowChoices, label="funding flow"))
    sector = column("sector", NullableChoiceWidget(FundingSectorChoices, label="sector"))
    amount = column("amount", StrictDecimalWidget())
    currency = column("currency", TextWidget())
    amount_usd = column("amount_usd", StrictDecimalWidget())

    hxl = {
        **COMMON_HXL,
        "donor": "#org+funder",
        "flow": "#meta+flow",
        "sector": "#sector",
        "amount": "#value",
        "currency": "#currency",
        "amount_usd": "#value+usd",
    }
    required = (*StatisticalResource.required_common, "flow", "amount", "currency")

    class Meta(StatisticalResource.Meta):
        model = FundingRecord
        fields = statistic_fields("donor", "flow", "sector", "amount", "currency", "amount_usd")
        import_id_fields = statistic_key("donor", "flow", "sector")

"""Import/export mapping for funding records."""

from kb.choices import FundingFlowChoices, FundingSectorChoices
from kb.models import Organisation
from kb.services.imports.base import column
from kb.services.imports.statistics import (
    StatisticalResource,
    statistic_fields,
    statistic_hxl,
    statistic_key,
    statistic_required,
)
from kb.services.imports.widgets import (
    ChoiceWidget,
    NaturalKeyWidget,
    NullableChoiceWidget,
    StrictDecimalWidget,
    TextWidget,
)
from kb.statistics.funding import FUNDING


class FundingRecordResource(StatisticalResource):
    donor = column("donor", NaturalKeyWidget(Organisation, "name", label="organisation"))
    flow = column("flow", ChoiceWidget(FundingFlowChoices, label="funding flow"))
    sector = column("sector", NullableChoiceWidget(FundingSectorChoices, label="sector"))
    amount = column("amount", StrictDecimalWidget())
    currency = column("currency", TextWidget())
    amount_usd = column("amount_usd", StrictDecimalWidget())

    hxl = statistic_hxl(FUNDING)
    required = statistic_required(FUNDING)

    class Meta(StatisticalResource.Meta):
        model = FUNDING.model
        fields = statistic_fields(*FUNDING.names)
        import_id_fields = statistic_key(*FUNDING.dimensions)

"""Import/export mapping for funding records (columns declared in kb/statistics/funding.py)."""

from kb.choices import FundingFlowChoices, FundingSectorChoices
from kb.models import Organisation
from kb.services.imports.statistics import statistic_resource
from kb.services.imports.widgets import ChoiceWidget, NaturalKeyWidget, NullableChoiceWidget
from kb.statistics.funding import FUNDING

FundingRecordResource = statistic_resource(
    FUNDING,
    donor=NaturalKeyWidget(Organisation, "name", label="organisation"),
    flow=ChoiceWidget(FundingFlowChoices, label="funding flow"),
    sector=NullableChoiceWidget(FundingSectorChoices, label="sector"),
)

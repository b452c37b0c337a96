"""Import/export mapping for production records and use reports (columns declared in kb/statistics/production.py)."""

from kb.choices import (
    ActorKindChoices,
    DeviceTypeChoices,
    ProductionBasisChoices,
    QuantityRateChoices,
    UseConfidenceChoices,
)
from kb.models import Organisation
from kb.services.imports.reference import area_widget
from kb.services.imports.statistics import statistic_resource
from kb.services.imports.widgets import ChoiceWidget, NaturalKeyWidget, NullableChoiceWidget
from kb.statistics.production import PRODUCTION, USE_REPORTS

ProductionRecordResource = statistic_resource(
    PRODUCTION,
    producer=NaturalKeyWidget(Organisation, "name", label="organisation"),
    device_type=NullableChoiceWidget(DeviceTypeChoices, label="mine type"),
    basis=ChoiceWidget(ProductionBasisChoices, label="production basis"),
    rate=ChoiceWidget(QuantityRateChoices, label="rate"),
)

UseReportResource = statistic_resource(
    USE_REPORTS,
    actor_kind=ChoiceWidget(ActorKindChoices, label="actor kind"),
    actor_area=area_widget(),
    device_type=NullableChoiceWidget(DeviceTypeChoices, label="mine type"),
    confidence=ChoiceWidget(UseConfidenceChoices, label="confidence"),
)

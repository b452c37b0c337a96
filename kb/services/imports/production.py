"""Import/export mapping for production records and use reports."""

from kb.choices import (
    ActorKindChoices,
    DeviceTypeChoices,
    ProductionBasisChoices,
    QuantityRateChoices,
    UseConfidenceChoices,
)
from kb.models import Organisation
from kb.services.imports.base import column
from kb.services.imports.reference import area_widget
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
    StrictIntegerWidget,
    TextWidget,
)
from kb.statistics.production import PRODUCTION, USE_REPORTS


class ProductionRecordResource(StatisticalResource):
    producer = column("producer", NaturalKeyWidget(Organisation, "name", label="organisation"))
    device_type = column("device_type", NullableChoiceWidget(DeviceTypeChoices, label="mine type"))
    basis = column("basis", ChoiceWidget(ProductionBasisChoices, label="production basis"))
    rate = column("rate", ChoiceWidget(QuantityRateChoices, label="rate"))
    quantity = column("quantity", StrictIntegerWidget())
    quantity_max = column("quantity_max", StrictIntegerWidget())

    hxl = statistic_hxl(PRODUCTION)
    required = statistic_required(PRODUCTION)

    class Meta(StatisticalResource.Meta):
        model = PRODUCTION.model
        fields = statistic_fields(*PRODUCTION.names)
        import_id_fields = statistic_key(*PRODUCTION.dimensions)


class UseReportResource(StatisticalResource):
    actor_kind = column("actor_kind", ChoiceWidget(ActorKindChoices, label="actor kind"))
    actor_area = column("actor_area", area_widget(), name="actor_country_code")
    actor_name = column("actor_name", TextWidget())
    device_type = column("device_type", NullableChoiceWidget(DeviceTypeChoices, label="mine type"))
    confidence = column("confidence", ChoiceWidget(UseConfidenceChoices, label="confidence"))
    description = column("description", TextWidget())

    hxl = statistic_hxl(USE_REPORTS)
    required = statistic_required(USE_REPORTS)

    class Meta(StatisticalResource.Meta):
        model = USE_REPORTS.model
        fields = statistic_fields(*USE_REPORTS.names)
        import_id_fields = statistic_key(*USE_REPORTS.dimensions)

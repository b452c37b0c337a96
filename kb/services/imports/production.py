"""Import/export mapping for production records and use reports."""

from kb.choices import (
    ActorKindChoices,
    DeviceTypeChoices,
    ProductionBasisChoices,
    QuantityRateChoices,
    UseConfidenceChoices,
)
from kb.models import Organisation, ProductionRecord, UseReport
from kb.services.imports.base import column
from kb.services.imports.reference import area_widget
from kb.services.imports.statistics import COMMON_HXL, DEVICE_HXL, StatisticalResource, statistic_fields, statistic_key
from kb.services.imports.widgets import (
    ChoiceWidget,
    NaturalKeyWidget,
    NullableChoiceWidget,
    StrictIntegerWidget,
    TextWidget,
)


class ProductionRecordResource(StatisticalResource):
    producer = column("producer", NaturalKeyWidget(Organisation, "name", label="organisation"))
    device_type = column("device_type", NullableChoiceWidget(DeviceTypeChoices, label="mine type"))
    basis = column("basis", ChoiceWidget(ProductionBasisChoices, label="production basis"))
    rate = column("rate", ChoiceWidget(QuantityRateChoices, label="rate"))
    quantity = column("quantity", StrictIntegerWidget())
    quantity_max = column("quantity_max", StrictIntegerWidget())

    hxl = {
        **COMMON_HXL,
        "producer": "#org+producer",
        "device_type": DEVICE_HXL,
        "basis": "#meta+basis",
        "rate": "#meta+rate",
        "quantity": "#output+num",
        "quantity_max": "#output+num+max",
    }
    required = (*StatisticalResource.required_common, "producer", "basis", "rate", "quantity")

    class Meta(StatisticalResource.Meta):
        model = ProductionRecord
        fields = statistic_fields("producer", "device_type", "basis", "rate", "quantity", "quantity_max")
        import_id_fields = statistic_key("producer", "device_type", "basis", "rate")


class UseReportResource(StatisticalResource):
    actor_kind = column("actor_kind", ChoiceWidget(ActorKindChoices, label="actor kind"))
    actor_area = column("actor_area", area_widget(), name="actor_country_code")
    actor_name = column("actor_name", TextWidget())
    device_type = column("device_type", NullableChoiceWidget(DeviceTypeChoices, label="mine type"))
    confidence = column("confidence", ChoiceWidget(UseConfidenceChoices, label="confidence"))
    description = column("description", TextWidget())

    hxl = {
        **COMMON_HXL,
        "actor_kind": "#org+type+actor",
        "actor_country_code": "#country+code+actor",
        "actor_name": "#org+name+actor",
        "device_type": DEVICE_HXL,
        "confidence": "#meta+confidence",
        "description": "#description+use",
    }
    required = (*StatisticalResource.required_common, "actor_kind", "confidence")

    class Meta(StatisticalResource.Meta):
        model = UseReport
        fields = statistic_fields("actor_kind", "actor_area", "actor_name", "device_type", "confidence", "description")
        import_id_fields = statistic_key("actor_kind", "actor_area", "actor_name", "device_type")

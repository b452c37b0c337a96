"""Import/export mapping for programmes and their financing."""

from kb.choices import FinancingInstrumentChoices, ProgrammeKindChoices
from kb.models import Organisation, Programme, ProgrammeFinancing
from kb.services.imports.base import declared_resource, translations
from kb.services.imports.reference import area_widget
from kb.services.imports.statistics import CITED, CitedResource
from kb.services.imports.widgets import ChoiceWidget, NaturalKeyWidget
from kb.statistics.base import Column

ProgrammeResource = declared_resource(
    Programme,
    (
        Column("slug", "#activity+code", required=True),
        Column("name", "#activity+name", required=True),
        Column("area", "#country+code", required=True, column="country_code"),
        Column("kind", "#activity+type", required=True),
        Column("lead_organisation", "#org+lead"),
        Column("started_on", "#date+start"),
        Column("planned_end_on", "#date+end+planned"),
        Column("length_km", "#indicator+length+km"),
        Column("budget", "#value+budget"),
        Column("currency", "#currency"),
        Column("budget_usd", "#value+budget+usd"),
        Column("description", "#description"),
        *CITED,
        *translations("name", "#activity+name"),
        *translations("description", "#description"),
    ),
    key=("slug",),
    base=CitedResource,
    area=area_widget(),
    kind=ChoiceWidget(ProgrammeKindChoices, label="programme kind"),
    lead_organisation=NaturalKeyWidget(Organisation, "name", label="organisation"),
)

ProgrammeFinancingResource = declared_resource(
    ProgrammeFinancing,
    (
        Column("slug", "#activity+funding+code", required=True),
        Column("area", "#country+code", required=True, column="country_code"),
        Column("programme", "#activity+code"),
        Column("financier", "#org+funder", required=True),
        Column("instrument", "#meta+instrument", required=True),
        Column("amount", "#value"),
        Column("currency", "#currency"),
        Column("date", "#date"),
        Column("purpose", "#description"),
        *CITED,
        *translations("purpose", "#description"),
    ),
    key=("slug",),
    base=CitedResource,
    area=area_widget(),
    programme=NaturalKeyWidget(Programme, "slug", label="programme"),
    financier=NaturalKeyWidget(Organisation, "name", label="organisation"),
    instrument=ChoiceWidget(FinancingInstrumentChoices, label="financing instrument"),
)

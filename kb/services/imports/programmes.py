"""Import/export mapping for programmes, their financing and their milestones."""

from kb.choices import DatePrecisionChoices, FinancingInstrumentChoices, MilestoneKindChoices, ProgrammeKindChoices
from kb.models import Organisation, Programme, ProgrammeFinancing, ProgrammeMilestone
from kb.services.imports.base import TRANSLATIONS_FROM_SOURCES, declared_resource, translations
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
        TRANSLATIONS_FROM_SOURCES,
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

ProgrammeMilestoneResource = declared_resource(
    ProgrammeMilestone,
    (
        Column("programme", "#activity+code", required=True),
        Column("kind", "#event+type", required=True),
        Column("date", "#date", required=True),
        Column("date_precision", "#meta+date+precision", required=True),
        Column("title", "#event+name", required=True),
        Column("notes", "#description"),
        *CITED,
        *translations("title", "#event+name"),
        *translations("notes", "#description"),
        TRANSLATIONS_FROM_SOURCES,
    ),
    key=("programme", "kind", "date"),
    base=CitedResource,
    programme=NaturalKeyWidget(Programme, "slug", label="programme"),
    kind=ChoiceWidget(MilestoneKindChoices, label="milestone kind"),
    date_precision=ChoiceWidget(DatePrecisionChoices, label="date precision"),
)

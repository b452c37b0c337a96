"""Import/export mapping for programmes, their financing and their milestones."""

from kb.choices import DatePrecisionChoices, FinancingInstrumentChoices, MilestoneKindChoices, ProgrammeKindChoices
from kb.models import Organisation, Programme, ProgrammeFinancing, ProgrammeMilestone
from kb.services.imports.base import column
from kb.services.imports.reference import area_widget
from kb.services.imports.statistics import CITATION_HXL, CitedResource
from kb.services.imports.widgets import ChoiceWidget, IsoDateWidget, NaturalKeyWidget, StrictDecimalWidget, TextWidget


class ProgrammeResource(CitedResource):
    slug = column("slug", TextWidget())
    name = column("name", TextWidget())
    area = column("area", area_widget(), name="country_code")
    kind = column("kind", ChoiceWidget(ProgrammeKindChoices, label="programme kind"))
    lead_organisation = column("lead_organisation", NaturalKeyWidget(Organisation, "name", label="organisation"))
    started_on = column("started_on", IsoDateWidget())
    planned_end_on = column("planned_end_on", IsoDateWidget())
    length_km = column("length_km", StrictDecimalWidget())
    budget = column("budget", StrictDecimalWidget())
    currency = column("currency", TextWidget())
    budget_usd = column("budget_usd", StrictDecimalWidget())
    description = column("description", TextWidget())
    name_uk = column("name_uk", TextWidget())
    name_ru = column("name_ru", TextWidget())
    description_uk = column("description_uk", TextWidget())
    description_ru = column("description_ru", TextWidget())

    hxl = {
        "slug": "#activity+code",
        "name": "#activity+name",
        "country_code": "#country+code",
        "kind": "#activity+type",
        "lead_organisation": "#org+lead",
        "started_on": "#date+start",
        "planned_end_on": "#date+end+planned",
        "length_km": "#indicator+length+km",
        "budget": "#value+budget",
        "currency": "#currency",
        "budget_usd": "#value+budget+usd",
        "description": "#description",
        "name_uk": "#activity+name+i_uk",
        "name_ru": "#activity+name+i_ru",
        "description_uk": "#description+i_uk",
        "description_ru": "#description+i_ru",
        **CITATION_HXL,
    }
    required = ("slug", "name", "country_code", "kind", "source")

    class Meta(CitedResource.Meta):
        model = Programme
        fields = (
            "slug",
            "name",
            "area",
            "kind",
            "lead_organisation",
            "started_on",
            "planned_end_on",
            "length_km",
            "budget",
            "currency",
            "budget_usd",
            "description",
            "source",
            "source_locator",
            "source_quote",
            "citations",
            "name_uk",
            "name_ru",
            "description_uk",
            "description_ru",
        )
        import_id_fields = ("slug",)


class ProgrammeFinancingResource(CitedResource):
    slug = column("slug", TextWidget())
    area = column("area", area_widget(), name="country_code")
    programme = column("programme", NaturalKeyWidget(Programme, "slug", label="programme"))
    financier = column("financier", NaturalKeyWidget(Organisation, "name", label="organisation"))
    instrument = column("instrument", ChoiceWidget(FinancingInstrumentChoices, label="financing instrument"))
    amount = column("amount", StrictDecimalWidget())
    currency = column("currency", TextWidget())
    date = column("date", IsoDateWidget())
    purpose = column("purpose", TextWidget())
    purpose_uk = column("purpose_uk", TextWidget())
    purpose_ru = column("purpose_ru", TextWidget())

    hxl = {
        "slug": "#activity+funding+code",
        "country_code": "#country+code",
        "programme": "#activity+code",
        "financier": "#org+funder",
        "instrument": "#meta+instrument",
        "amount": "#value",
        "currency": "#currency",
        "date": "#date",
        "purpose": "#description",
        "purpose_uk": "#description+i_uk",
        "purpose_ru": "#description+i_ru",
        **CITATION_HXL,
    }
    required = ("slug", "country_code", "financier", "instrument", "source")

    class Meta(CitedResource.Meta):
        model = ProgrammeFinancing
        fields = (
            "slug",
            "area",
            "programme",
            "financier",
            "instrument",
            "amount",
            "currency",
            "date",
            "purpose",
            "source",
            "source_locator",
            "source_quote",
            "citations",
            "purpose_uk",
            "purpose_ru",
        )
        import_id_fields = ("slug",)


class ProgrammeMilestoneResource(CitedResource):
    programme = column("programme", NaturalKeyWidget(Programme, "slug", label="programme"))
    kind = column("kind", ChoiceWidget(MilestoneKindChoices, label="milestone kind"))
    date = column("date", IsoDateWidget())
    date_precision = column("date_precision", ChoiceWidget(DatePrecisionChoices, label="date precision"))
    title = column("title", TextWidget())
    notes = column("notes", TextWidget())
    title_uk = column("title_uk", TextWidget())
    title_ru = column("title_ru", TextWidget())
    notes_uk = column("notes_uk", TextWidget())
    notes_ru = column("notes_ru", TextWidget())

    hxl = {
        "programme": "#activity+code",
        "kind": "#event+type",
        "date": "#date",
        "date_precision": "#date+precision",
        "title": "#event+name",
        "notes": "#description",
        "title_uk": "#event+name+i_uk",
        "title_ru": "#event+name+i_ru",
        "notes_uk": "#description+i_uk",
        "notes_ru": "#description+i_ru",
        **CITATION_HXL,
    }
    required = ("programme", "kind", "date", "date_precision", "title", "source")

    class Meta(CitedResource.Meta):
        model = ProgrammeMilestone
        fields = (
            "programme",
            "kind",
            "date",
            "date_precision",
            "title",
            "notes",
            "source",
            "source_locator",
            "source_quote",
            "citations",
            "title_uk",
            "title_ru",
            "notes_uk",
            "notes_ru",
        )
        import_id_fields = ("programme", "kind", "date")

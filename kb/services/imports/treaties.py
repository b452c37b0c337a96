"""Import/export mapping for treaty actions and armed-conflict periods."""

from kb.choices import TreatyActionKindChoices
from kb.models import ArmedConflictPeriod, Treaty, TreatyAction
from kb.services.imports.base import column
from kb.services.imports.reference import area_widget
from kb.services.imports.statistics import CITATION_HXL, CitedResource
from kb.services.imports.widgets import ChoiceWidget, IsoDateWidget, NaturalKeyWidget, TextWidget


class TreatyActionResource(CitedResource):
    treaty = column("treaty", NaturalKeyWidget(Treaty, "code", label="treaty"))
    area = column("area", area_widget(), name="country_code")
    kind = column("kind", ChoiceWidget(TreatyActionKindChoices, label="treaty action"), name="action")
    date = column("date", IsoDateWidget())
    notes = column("notes", TextWidget())
    notes_uk = column("notes_uk", TextWidget())
    notes_ru = column("notes_ru", TextWidget())

    hxl = {
        "treaty": "#meta+treaty+code",
        "country_code": "#country+code",
        "action": "#event+type",
        "date": "#date",
        **CITATION_HXL,
        "notes": "#description",
        "notes_uk": "#description+i_uk",
        "notes_ru": "#description+i_ru",
    }
    required = ("treaty", "country_code", "action", "date", "source")

    class Meta(CitedResource.Meta):
        model = TreatyAction
        fields = (
            "treaty",
            "area",
            "kind",
            "date",
            "source",
            "source_locator",
            "source_quote",
            "citations",
            "notes",
            "notes_uk",
            "notes_ru",
        )
        import_id_fields = ("treaty", "area", "kind", "date")


class ArmedConflictPeriodResource(CitedResource):
    area = column("area", area_widget(), name="country_code")
    started_on = column("started_on", IsoDateWidget())
    ended_on = column("ended_on", IsoDateWidget())
    description = column("description", TextWidget())
    description_uk = column("description_uk", TextWidget())
    description_ru = column("description_ru", TextWidget())

    hxl = {
        "country_code": "#country+code",
        "started_on": "#date+start",
        "ended_on": "#date+end",
        "description": "#description",
        "description_uk": "#description+i_uk",
        "description_ru": "#description+i_ru",
        **CITATION_HXL,
    }
    required = ("country_code", "started_on", "description", "source")

    class Meta(CitedResource.Meta):
        model = ArmedConflictPeriod
        fields = (
            "area",
            "started_on",
            "ended_on",
            "description",
            "source",
            "source_locator",
            "source_quote",
            "citations",
            "description_uk",
            "description_ru",
        )
        import_id_fields = ("area", "started_on")

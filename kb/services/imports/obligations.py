"""Import/export mapping for treaty obligations (deadlines, extensions, completion, transparency reports)."""

from kb.choices import TreatyArticleChoices, TreatyObligationKindChoices
from kb.models import Treaty, TreatyObligation
from kb.services.imports.base import column
from kb.services.imports.reference import area_widget
from kb.services.imports.statistics import CITATION_HXL, CitedResource
from kb.services.imports.widgets import (
    ChoiceWidget,
    IsoDateWidget,
    NaturalKeyWidget,
    StrictIntegerWidget,
    TextWidget,
)


class TreatyObligationResource(CitedResource):
    treaty = column("treaty", NaturalKeyWidget(Treaty, "code", label="treaty"))
    area = column("area", area_widget(), name="country_code")
    article = column("article", ChoiceWidget(TreatyArticleChoices, label="article"))
    kind = column("kind", ChoiceWidget(TreatyObligationKindChoices, label="obligation kind"))
    deadline = column("deadline", IsoDateWidget())
    submitted_on = column("submitted_on", IsoDateWidget())
    granted_on = column("granted_on", IsoDateWidget())
    completed_on = column("completed_on", IsoDateWidget())
    year_covered = column("year_covered", StrictIntegerWidget())
    notes = column("notes", TextWidget())
    notes_uk = column("notes_uk", TextWidget())
    notes_ru = column("notes_ru", TextWidget())

    hxl = {
        "treaty": "#meta+treaty+code",
        "country_code": "#country+code",
        "article": "#meta+article",
        "kind": "#event+type",
        "deadline": "#date+deadline",
        "submitted_on": "#date+submitted",
        "granted_on": "#date+granted",
        "completed_on": "#date+completed",
        "year_covered": "#date+year",
        **CITATION_HXL,
        "notes": "#description",
        "notes_uk": "#description+i_uk",
        "notes_ru": "#description+i_ru",
    }
    required = ("treaty", "country_code", "article", "kind", "source")

    class Meta(CitedResource.Meta):
        model = TreatyObligation
        fields = (
            "treaty",
            "area",
            "article",
            "kind",
            *TreatyObligation.DATE_FIELDS,
            "source",
            "source_locator",
            "source_quote",
            "citations",
            "notes",
            "notes_uk",
            "notes_ru",
        )
        import_id_fields = ("treaty", "area", "article", "kind", "deadline", "completed_on", "year_covered")

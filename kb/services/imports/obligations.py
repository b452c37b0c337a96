"""Import/export mapping for treaty obligations (deadlines, extensions, completion, transparency reports)."""

from kb.choices import TreatyArticleChoices, TreatyObligationKindChoices
from kb.models import Treaty, TreatyObligation
from kb.services.imports.base import declared_resource, translations
from kb.services.imports.reference import area_widget
from kb.services.imports.statistics import CITED, CitedResource
from kb.services.imports.widgets import ChoiceWidget, NaturalKeyWidget
from kb.statistics.base import Column

TreatyObligationResource = declared_resource(
    TreatyObligation,
    (
        Column("treaty", "#meta+treaty+code", required=True),
        Column("area", "#country+code", required=True, column="country_code"),
        Column("article", "#meta+article", required=True),
        Column("kind", "#event+type", required=True),
        Column("deadline", "#date+deadline"),
        Column("submitted_on", "#date+submitted"),
        Column("granted_on", "#date+granted"),
        Column("completed_on", "#date+completed"),
        Column("year_covered", "#date+year"),
        *CITED,
        Column("notes", "#description"),
        *translations("notes", "#description"),
    ),
    key=("treaty", "area", "article", "kind", "deadline", "completed_on", "year_covered"),
    base=CitedResource,
    treaty=NaturalKeyWidget(Treaty, "code", label="treaty"),
    area=area_widget(),
    article=ChoiceWidget(TreatyArticleChoices, label="article"),
    kind=ChoiceWidget(TreatyObligationKindChoices, label="obligation kind"),
)

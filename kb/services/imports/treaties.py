"""Import/export mapping for treaty actions and armed-conflict periods."""

from kb.choices import TreatyActionKindChoices
from kb.models import ArmedConflictPeriod, Treaty, TreatyAction
from kb.services.imports.base import declared_resource, translations
from kb.services.imports.reference import area_widget
from kb.services.imports.statistics import CITED, CitedResource
from kb.services.imports.widgets import ChoiceWidget, NaturalKeyWidget
from kb.statistics.base import Column

TreatyActionResource = declared_resource(
    TreatyAction,
    (
        Column("treaty", "#meta+treaty+code", required=True),
        Column("area", "#country+code", required=True, column="country_code"),
        Column("kind", "#event+type", required=True, column="action"),
        Column("date", "#date", required=True),
        *CITED,
        Column("notes", "#description"),
        *translations("notes", "#description"),
    ),
    key=("treaty", "area", "kind", "date"),
    base=CitedResource,
    treaty=NaturalKeyWidget(Treaty, "code", label="treaty"),
    area=area_widget(),
    kind=ChoiceWidget(TreatyActionKindChoices, label="treaty action"),
)

ArmedConflictPeriodResource = declared_resource(
    ArmedConflictPeriod,
    (
        Column("area", "#country+code", required=True, column="country_code"),
        Column("started_on", "#date+start", required=True),
        Column("ended_on", "#date+end"),
        Column("description", "#description", required=True),
        *CITED,
        *translations("description", "#description"),
    ),
    key=("area", "started_on"),
    base=CitedResource,
    area=area_widget(),
)

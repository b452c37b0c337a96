"""Import/export mapping for reference data: areas, admin areas, organisations, sources, treaties."""

from kb.choices import AreaKindChoices, OrganisationKindChoices, SourceKindChoices
from kb.models import AdminArea, Area, Organisation, Source, Treaty
from kb.services.imports.base import TRANSLATIONS_FROM_SOURCES, declared_resource, translations
from kb.services.imports.widgets import ChoiceWidget, NaturalKeyWidget
from kb.statistics.base import Column


def area_widget() -> NaturalKeyWidget:
    return NaturalKeyWidget(Area, "code", label="country code")


def source_widget() -> NaturalKeyWidget:
    return NaturalKeyWidget(Source, "slug", alternative_field="url", label="source")


AreaResource = declared_resource(
    Area,
    (
        Column("code", "#country+code", required=True),
        Column("kind", "#country+type", required=True),
        Column("name", "#country+name+i_en", required=True),
        *translations("name", "#country+name"),
        Column("iso2", "#country+code+iso2"),
        Column("latitude", "#geo+lat"),
        Column("longitude", "#geo+lon"),
    ),
    key=("code",),
    kind=ChoiceWidget(AreaKindChoices, label="area kind"),
)

AdminAreaResource = declared_resource(
    AdminArea,
    (
        Column("pcode", "#loc+code", required=True),
        Column("name", "#loc+name", required=True),
        *translations("name", "#loc+name"),
        Column("area", "#country+code", required=True, column="country_code"),
        Column("level", "#meta+admin_level", required=True),
        Column("parent", "#loc+code+parent", column="parent_pcode"),
        Column("latitude", "#geo+lat"),
        Column("longitude", "#geo+lon"),
    ),
    key=("pcode",),
    area=area_widget(),
    parent=NaturalKeyWidget(AdminArea, "pcode", label="parent p-code"),
)

OrganisationResource = declared_resource(
    Organisation,
    (
        Column("name", "#org+name", required=True),
        Column("acronym", "#org+acronym"),
        Column("kind", "#org+type", required=True),
        Column("country", "#country+code", column="country_code"),
        Column("website", "#meta+url"),
        Column("description", "#description"),
    ),
    key=("name",),
    kind=ChoiceWidget(OrganisationKindChoices, label="organisation kind"),
    country=area_widget(),
)

SourceResource = declared_resource(
    Source,
    (
        Column("slug", "#meta+source+code", required=True),
        Column("kind", "#meta+source+type", required=True),
        Column("title", "#meta+source+title", required=True),
        Column("publisher", "#org+publisher"),
        Column("url", "#meta+url"),
        Column("published_on", "#date+published"),
        Column("language", "#meta+lang", required=True),
        Column("notes", "#description"),
    ),
    key=("slug",),
    kind=ChoiceWidget(SourceKindChoices, label="source kind"),
)

TreatyResource = declared_resource(
    Treaty,
    (
        Column("code", "#meta+treaty+code", required=True),
        Column("name", "#meta+treaty+name", required=True),
        Column("short_name", "#meta+treaty+name+short", required=True),
        Column("adopted_on", "#date+adopted"),
        Column("entry_into_force_on", "#date+in_force"),
        Column("entry_into_force_months", "#meta+in_force+months", required=True),
        Column("entry_into_force_first_of_month", "#meta+in_force+first_of_month", required=True),
        Column("withdrawal_notice_months", "#meta+withdrawal+months", required=True),
        Column("armed_conflict_defers_withdrawal", "#meta+withdrawal+armed_conflict", required=True),
        Column("text_url", "#meta+url"),
        Column("records_complete_on", "#date+records_complete"),
        *translations("name", "#meta+treaty+name"),
        *translations("short_name", "#meta+treaty+name+short"),
        TRANSLATIONS_FROM_SOURCES,
    ),
    key=("code",),
)

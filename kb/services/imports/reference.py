"""Import/export mapping for reference data: areas, admin areas, organisations, sources, treaties."""

from kb.choices import AreaKindChoices, OrganisationKindChoices, SourceKindChoices
from kb.models import AdminArea, Area, Organisation, Source, Treaty
from kb.services.imports.base import KbResource, column
from kb.services.imports.widgets import (
    BooleanTextWidget,
    ChoiceWidget,
    IsoDateWidget,
    NaturalKeyWidget,
    StrictDecimalWidget,
    StrictIntegerWidget,
    TextWidget,
)


def area_widget() -> NaturalKeyWidget:
    return NaturalKeyWidget(Area, "code", label="country code")


def source_widget() -> NaturalKeyWidget:
    return NaturalKeyWidget(Source, "slug", alternative_field="url", label="source")


class AreaResource(KbResource):
    code = column("code", TextWidget())
    kind = column("kind", ChoiceWidget(AreaKindChoices, label="area kind"))
    name = column("name", TextWidget())
    name_uk = column("name_uk", TextWidget())
    name_ru = column("name_ru", TextWidget())
    iso2 = column("iso2", TextWidget())
    latitude = column("latitude", StrictDecimalWidget())
    longitude = column("longitude", StrictDecimalWidget())

    hxl = {
        "code": "#country+code",
        "kind": "#country+type",
        "name": "#country+name+i_en",
        "name_uk": "#country+name+i_uk",
        "name_ru": "#country+name+i_ru",
        "iso2": "#country+code+iso2",
        "latitude": "#geo+lat",
        "longitude": "#geo+lon",
    }
    required = ("code", "kind", "name")

    class Meta(KbResource.Meta):
        model = Area
        fields = ("code", "kind", "name", "name_uk", "name_ru", "iso2", "latitude", "longitude")
        import_id_fields = ("code",)


class AdminAreaResource(KbResource):
    pcode = column("pcode", TextWidget())
    name = column("name", TextWidget())
    name_uk = column("name_uk", TextWidget())
    name_ru = column("name_ru", TextWidget())
    area = column("area", area_widget(), name="country_code")
    level = column("level", StrictIntegerWidget())
    parent = column("parent", NaturalKeyWidget(AdminArea, "pcode", label="parent p-code"), name="parent_pcode")
    latitude = column("latitude", StrictDecimalWidget())
    longitude = column("longitude", StrictDecimalWidget())

    hxl = {
        "pcode": "#loc+code",
        "name": "#loc+name",
        "name_uk": "#loc+name+i_uk",
        "name_ru": "#loc+name+i_ru",
        "country_code": "#country+code",
        "level": "#meta+admin_level",
        "parent_pcode": "#loc+code+parent",
        "latitude": "#geo+lat",
        "longitude": "#geo+lon",
    }
    required = ("pcode", "name", "country_code", "level")

    class Meta(KbResource.Meta):
        model = AdminArea
        fields = ("pcode", "name", "name_uk", "name_ru", "area", "level", "parent", "latitude", "longitude")
        import_id_fields = ("pcode",)


class OrganisationResource(KbResource):
    name = column("name", TextWidget())
    acronym = column("acronym", TextWidget())
    kind = column("kind", ChoiceWidget(OrganisationKindChoices, label="organisation kind"))
    country = column("country", area_widget(), name="country_code")
    website = column("website", TextWidget())
    description = column("description", TextWidget())

    hxl = {
        "name": "#org+name",
        "acronym": "#org+acronym",
        "kind": "#org+type",
        "country_code": "#country+code",
        "website": "#meta+url",
        "description": "#description",
    }
    required = ("name", "kind")

    class Meta(KbResource.Meta):
        model = Organisation
        fields = ("name", "acronym", "kind", "country", "website", "description")
        import_id_fields = ("name",)


class SourceResource(KbResource):
    slug = column("slug", TextWidget())
    kind = column("kind", ChoiceWidget(SourceKindChoices, label="source kind"))
    title = column("title", TextWidget())
    publisher = column("publisher", TextWidget())
    url = column("url", TextWidget())
    published_on = column("published_on", IsoDateWidget())
    language = column("language", TextWidget())
    notes = column("notes", TextWidget())

    hxl = {
        "slug": "#meta+source+code",
        "kind": "#meta+source+type",
        "title": "#meta+source+title",
        "publisher": "#org+publisher",
        "url": "#meta+url",
        "published_on": "#date+published",
        "language": "#meta+lang",
        "notes": "#description",
    }
    required = ("slug", "kind", "title", "language")

    class Meta(KbResource.Meta):
        model = Source
        fields = ("slug", "kind", "title", "publisher", "url", "published_on", "language", "notes")
        import_id_fields = ("slug",)


class TreatyResource(KbResource):
    code = column("code", TextWidget())
    name = column("name", TextWidget())
    short_name = column("short_name", TextWidget())
    name_uk = column("name_uk", TextWidget())
    name_ru = column("name_ru", TextWidget())
    short_name_uk = column("short_name_uk", TextWidget())
    short_name_ru = column("short_name_ru", TextWidget())
    adopted_on = column("adopted_on", IsoDateWidget())
    entry_into_force_on = column("entry_into_force_on", IsoDateWidget())
    entry_into_force_months = column("entry_into_force_months", StrictIntegerWidget())
    entry_into_force_first_of_month = column("entry_into_force_first_of_month", BooleanTextWidget())
    withdrawal_notice_months = column("withdrawal_notice_months", StrictIntegerWidget())
    armed_conflict_defers_withdrawal = column("armed_conflict_defers_withdrawal", BooleanTextWidget())
    text_url = column("text_url", TextWidget())
    records_complete_on = column("records_complete_on", IsoDateWidget())

    hxl = {
        "code": "#meta+treaty+code",
        "name": "#meta+treaty+name",
        "short_name": "#meta+treaty+name+short",
        "name_uk": "#meta+treaty+name+i_uk",
        "name_ru": "#meta+treaty+name+i_ru",
        "short_name_uk": "#meta+treaty+name+short+i_uk",
        "short_name_ru": "#meta+treaty+name+short+i_ru",
        "adopted_on": "#date+adopted",
        "entry_into_force_on": "#date+in_force",
        "entry_into_force_months": "#meta+in_force+months",
        "entry_into_force_first_of_month": "#meta+in_force+first_of_month",
        "withdrawal_notice_months": "#meta+withdrawal+months",
        "armed_conflict_defers_withdrawal": "#meta+withdrawal+armed_conflict",
        "text_url": "#meta+url",
        "records_complete_on": "#date+records_complete",
    }
    required = (
        "code",
        "name",
        "short_name",
        "entry_into_force_months",
        "entry_into_force_first_of_month",
        "withdrawal_notice_months",
        "armed_conflict_defers_withdrawal",
    )

    class Meta(KbResource.Meta):
        model = Treaty
        fields = (
            "code",
            "name",
            "short_name",
            "adopted_on",
            "entry_into_force_on",
            "entry_into_force_months",
            "entry_into_force_first_of_month",
            "withdrawal_notice_months",
            "armed_conflict_defers_withdrawal",
            "text_url",
            "records_complete_on",
            "name_uk",
            "name_ru",
            "short_name_uk",
            "short_name_ru",
        )
        import_id_fields = ("code",)

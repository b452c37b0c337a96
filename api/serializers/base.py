"""Compact nested references ("brief" serializers) and the citation block every figure carries."""

from rest_framework import serializers

from kb.choices import QualifierChoices
from kb.models import AdminArea, Area, Citation, Organisation, Source
from kb.statistics.base import Statistic
from kb.translations import TEXT_LANGUAGES, localized


class ContentField:
    """A read-only view of one of a record's texts held in English, Ukrainian and Russian (the record itself is the
    source); `help` is the API description, with `{field}` for the text's name."""

    help = ""

    def __init__(self, field: str, **kwargs):
        self.content_field = field
        kwargs.setdefault("help_text", self.help.format(field=field))
        super().__init__(source="*", read_only=True, **kwargs)


class LocalizedField(ContentField, serializers.CharField):
    """A text held in English, Ukrainian and Russian, in the request's language (`lang` or Accept-Language), or in
    English where it is not translated; the sibling `<field>_language` says which."""

    help = (
        "In the request's language (`lang`, Accept-Language); the English text where no translation exists, "
        "as `{field}_language` then says."
    )

    def to_representation(self, value) -> str:
        return str(localized(value, self.content_field))


class ContentLanguageField(ContentField, serializers.ChoiceField):
    """The language `<field>` is really given in: the request's, or `en` where the English text stands in for a
    missing translation."""

    help = (
        "Language of `{field}`: the request's language, or `en` where `{field}` is the English text because no "
        "translation exists."
    )

    def __init__(self, field: str, **kwargs):
        super().__init__(field, choices=TEXT_LANGUAGES, **kwargs)

    def to_representation(self, value) -> str:
        return localized(value, self.content_field).language


class TranslatedByUsField(ContentField, serializers.BooleanField):
    """Whether `<field>` is a translation of ours: true where the text shown is a Ukrainian or Russian translation no
    source gives; false for the English text and a translation a source gives."""

    help = (
        "True when `{field}` is our own translation (no source gives it), so it is not an official name; false "
        "for the English text or a translation a source gives."
    )

    def to_representation(self, value) -> bool:
        return localized(value, self.content_field).by_us


# No class docstring: drf-spectacular would take it as the description of every serializer built on it.
class ContentSerializerMixin:
    def __init_subclass__(cls, **kwargs):
        """Declares the API's view of each text named in `Meta.content_fields`: the text in the reader's language,
        `<name>_language` and, on records that say which translations a source gives (`translations_from_sources`),
        `<name>_translated_by_us`. `Meta.fields` still lists them, in the order the response has them."""
        super().__init_subclass__(**kwargs)
        meta = cls.Meta
        marks_own = hasattr(meta.model, "translations_from_sources")
        for name in getattr(meta, "content_fields", ()):
            cls._declared_fields[name] = LocalizedField(name)
            cls._declared_fields[f"{name}_language"] = ContentLanguageField(name)
            if marks_own:
                cls._declared_fields[f"{name}_translated_by_us"] = TranslatedByUsField(name)


class AreaBriefSerializer(serializers.ModelSerializer):
    iso3 = serializers.CharField(source="code", read_only=True)
    name = serializers.CharField(source="localized_name", read_only=True)

    class Meta:
        model = Area
        fields = ["iso3", "name"]


class SourceBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Source
        fields = ["slug", "title", "publisher", "url", "published_on"]


class OrganisationBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = ["id", "name", "kind"]


class CitationListSerializer(serializers.ListSerializer):
    def get_attribute(self, instance):
        """The list `api.views.base.CITATIONS` prefetched (`to_attr`), else the relation: a prefetch into the
        relation itself would build a filtered queryset per row, a millisecond each."""
        found = getattr(instance, "prefetched_citations", None)
        return super().get_attribute(instance) if found is None else found


class CitationSerializer(serializers.ModelSerializer):
    source = SourceBriefSerializer(read_only=True)

    class Meta:
        model = Citation
        fields = ["source", "locator", "quote"]
        list_serializer_class = CitationListSerializer


class CitedSerializerMixin(serializers.Serializer):
    """The primary source with its locator and quote, plus any further citations."""

    source = SourceBriefSerializer(read_only=True)
    source_locator = serializers.CharField(read_only=True)
    source_quote = serializers.CharField(read_only=True)
    citations = CitationSerializer(many=True, read_only=True)

    CITED_FIELDS = ["source", "source_locator", "source_quote", "citations"]


class AdminAreaBriefSerializer(serializers.ModelSerializer):
    name = LocalizedField("name")
    name_language = ContentLanguageField("name")

    class Meta:
        model = AdminArea
        fields = ["pcode", "name", "name_language"]


class StatisticSerializer(CitedSerializerMixin, serializers.ModelSerializer):
    """Fields every statistic has: where, when, preference, qualifiers, review status and citation."""

    area = AreaBriefSerializer(read_only=True)
    admin_area = AdminAreaBriefSerializer(read_only=True, allow_null=True)
    period = serializers.CharField(read_only=True, help_text="2018, 2025-12, 2021-12-31 (as of) or start/end.")
    qualifiers = serializers.DictField(
        child=serializers.ChoiceField(choices=QualifierChoices.choices),
        read_only=True,
        help_text='How the source hedges a figure, e.g. {"total": "at_least"}.',
    )

    LEADING = ["id", "area", "admin_area", "period", "period_kind", "period_start", "period_end", "year"]
    TRAILING = [
        "is_preferred",
        "preference_reason",
        "qualifiers",
        "status",
        "notes",
        *CitedSerializerMixin.CITED_FIELDS,
    ]


def statistic_fields(statistic: Statistic) -> list[str]:
    """A statistic's API fields: where and when, its own fields (kb/statistics/), then preference, review and
    citation."""
    return [*StatisticSerializer.LEADING, *statistic.names, *StatisticSerializer.TRAILING]

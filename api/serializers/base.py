"""Compact nested references ("brief" serializers) and the citation block every figure carries."""

from rest_framework import serializers

from kb.choices import QualifierChoices
from kb.models import AdminArea, Area, Citation, Organisation, Source


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


class CitationSerializer(serializers.ModelSerializer):
    source = SourceBriefSerializer(read_only=True)

    class Meta:
        model = Citation
        fields = ["source", "locator", "quote"]


class CitedSerializerMixin(serializers.Serializer):
    """The primary source with its locator and quote, plus any further citations."""

    source = SourceBriefSerializer(read_only=True)
    source_locator = serializers.CharField(read_only=True)
    source_quote = serializers.CharField(read_only=True)
    citations = CitationSerializer(many=True, read_only=True)

    CITED_FIELDS = ["source", "source_locator", "source_quote", "citations"]


class AdminAreaBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = AdminArea
        fields = ["pcode", "name"]


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

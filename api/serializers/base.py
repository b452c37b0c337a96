"""Compact nested references ("brief" serializers) and the citation block every figure carries."""

from rest_framework import serializers

from kb.models import Area, Citation, Organisation, Source


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

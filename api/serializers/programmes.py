from rest_framework import serializers

from api.serializers.base import (
    AreaBriefSerializer,
    CitedSerializerMixin,
    ContentSerializerMixin,
    LocalizedField,
    OrganisationBriefSerializer,
)
from kb.models import Programme, ProgrammeFinancing


class ProgrammeSerializer(ContentSerializerMixin, CitedSerializerMixin, serializers.ModelSerializer):
    area = AreaBriefSerializer(read_only=True)
    lead_organisation = OrganisationBriefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Programme
        content_fields = ["name", "description"]
        fields = [
            "id",  # the change feed names records by id
            "slug",
            "name",
            "name_language",
            "name_translated_by_us",
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
            "description_language",
            "description_translated_by_us",
            "status",
            *CitedSerializerMixin.CITED_FIELDS,
        ]


class ProgrammeBriefSerializer(serializers.ModelSerializer):
    name = LocalizedField("name")

    class Meta:
        model = Programme
        fields = ["slug", "name"]


class ProgrammeFinancingSerializer(ContentSerializerMixin, CitedSerializerMixin, serializers.ModelSerializer):
    area = AreaBriefSerializer(read_only=True)
    programme = ProgrammeBriefSerializer(read_only=True, allow_null=True)
    financier = OrganisationBriefSerializer(read_only=True)

    class Meta:
        model = ProgrammeFinancing
        content_fields = ["purpose"]
        fields = [
            "id",
            "slug",
            "area",
            "programme",
            "financier",
            "instrument",
            "amount",
            "currency",
            "date",
            "purpose",
            "purpose_language",
            "status",
            *CitedSerializerMixin.CITED_FIELDS,
        ]

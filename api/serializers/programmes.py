from rest_framework import serializers

from api.serializers.base import (
    AreaBriefSerializer,
    CitedSerializerMixin,
    ContentLanguageField,
    LocalizedField,
    OrganisationBriefSerializer,
)
from kb.models import Programme


class ProgrammeSerializer(CitedSerializerMixin, serializers.ModelSerializer):
    area = AreaBriefSerializer(read_only=True)
    lead_organisation = OrganisationBriefSerializer(read_only=True, allow_null=True)
    name = LocalizedField("name")
    name_language = ContentLanguageField("name")
    description = LocalizedField("description")
    description_language = ContentLanguageField("description")

    class Meta:
        model = Programme
        fields = [
            "slug",
            "name",
            "name_language",
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
            "status",
            *CitedSerializerMixin.CITED_FIELDS,
        ]

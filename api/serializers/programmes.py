from rest_framework import serializers

from api.serializers.base import AreaBriefSerializer, CitedSerializerMixin, OrganisationBriefSerializer
from kb.models import Programme


class ProgrammeSerializer(CitedSerializerMixin, serializers.ModelSerializer):
    area = AreaBriefSerializer(read_only=True)
    lead_organisation = OrganisationBriefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Programme
        fields = [
            "slug",
            "name",
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
            "status",
            *CitedSerializerMixin.CITED_FIELDS,
        ]

from rest_framework import serializers

from api.serializers.base import AreaBriefSerializer, CitedSerializerMixin, ContentLanguageField, LocalizedField
from kb.models import TreatyObligation


class TreatyObligationSerializer(CitedSerializerMixin, serializers.ModelSerializer):
    treaty = serializers.SlugRelatedField(slug_field="code", read_only=True)
    area = AreaBriefSerializer(read_only=True)
    obligation = serializers.CharField(source="obligation_name", read_only=True)
    notes = LocalizedField("notes")
    notes_language = ContentLanguageField("notes")

    class Meta:
        model = TreatyObligation
        fields = [
            "id",
            "treaty",
            "area",
            "article",
            "obligation",
            "kind",
            *TreatyObligation.DATE_FIELDS,
            "notes",
            "notes_language",
            "status",
            *CitedSerializerMixin.CITED_FIELDS,
        ]

"""A programme's dated steps (kb.ProgrammeMilestone), each with its programme in brief."""

from rest_framework import serializers

from api.serializers.base import CitedSerializerMixin, ContentSerializerMixin
from api.serializers.programmes import ProgrammeBriefSerializer
from kb.models import ProgrammeMilestone


class ProgrammeMilestoneSerializer(ContentSerializerMixin, CitedSerializerMixin, serializers.ModelSerializer):
    programme = ProgrammeBriefSerializer(read_only=True)

    class Meta:
        model = ProgrammeMilestone
        content_fields = ["title", "notes"]
        fields = [
            "id",
            "programme",
            "kind",
            "date",
            "date_precision",
            "title",
            "title_language",
            "title_translated_by_us",
            "notes",
            "notes_language",
            "notes_translated_by_us",
            "status",
            *CitedSerializerMixin.CITED_FIELDS,
        ]

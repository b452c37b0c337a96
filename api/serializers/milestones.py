"""A programme's dated steps (kb.ProgrammeMilestone), each with its programme in brief."""

from rest_framework import serializers

from api.serializers.base import CitedSerializerMixin, ContentLanguageField, LocalizedField, TranslatedByUsField
from api.serializers.programmes import ProgrammeBriefSerializer
from kb.models import ProgrammeMilestone


class ProgrammeMilestoneSerializer(CitedSerializerMixin, serializers.ModelSerializer):
    programme = ProgrammeBriefSerializer(read_only=True)
    title = LocalizedField("title")
    title_language = ContentLanguageField("title")
    title_translated_by_us = TranslatedByUsField("title")
    notes = LocalizedField("notes")
    notes_language = ContentLanguageField("notes")
    notes_translated_by_us = TranslatedByUsField("notes")

    class Meta:
        model = ProgrammeMilestone
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

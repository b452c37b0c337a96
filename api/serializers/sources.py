from rest_framework import serializers

from kb.models import Source


class SourceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Source
        fields = ["slug", "kind", "title", "publisher", "url", "published_on", "language", "notes"]

from rest_framework import serializers

from api.serializers.base import AreaBriefSerializer, ContentSerializerMixin
from kb.models import AdminArea, Area, Organisation


class AreaSerializer(serializers.ModelSerializer):
    iso3 = serializers.CharField(source="code", read_only=True)
    name = serializers.CharField(source="localized_name", read_only=True)
    name_en = serializers.CharField(source="name", read_only=True)

    class Meta:
        model = Area
        fields = ["iso3", "iso2", "kind", "name", "name_en", "name_uk", "name_ru", "latitude", "longitude"]


class AdminAreaSerializer(ContentSerializerMixin, serializers.ModelSerializer):
    area = AreaBriefSerializer(read_only=True)
    parent = serializers.SlugRelatedField(slug_field="pcode", read_only=True, allow_null=True)

    class Meta:
        model = AdminArea
        content_fields = ["name"]
        fields = ["pcode", "name", "name_language", "area", "level", "parent", "latitude", "longitude"]


class OrganisationSerializer(serializers.ModelSerializer):
    country = AreaBriefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Organisation
        fields = ["id", "name", "acronym", "kind", "country", "website", "description"]

from rest_framework import serializers

from api.serializers.base import AreaBriefSerializer, ContentLanguageField, LocalizedField
from kb.models import AdminArea, Area, Organisation


class AreaSerializer(serializers.ModelSerializer):
    iso3 = serializers.CharField(source="code", read_only=True)
    name = serializers.CharField(source="localized_name", read_only=True)
    name_en = serializers.CharField(source="name", read_only=True)

    class Meta:
        model = Area
        fields = ["iso3", "iso2", "kind", "name", "name_en", "name_uk", "name_ru", "latitude", "longitude"]


class AdminAreaSerializer(serializers.ModelSerializer):
    area = AreaBriefSerializer(read_only=True)
    parent = serializers.SlugRelatedField(slug_field="pcode", read_only=True, allow_null=True)
    name = LocalizedField("name")
    name_language = ContentLanguageField("name")

    class Meta:
        model = AdminArea
        fields = ["pcode", "name", "name_language", "area", "level", "parent", "latitude", "longitude"]


class OrganisationSerializer(serializers.ModelSerializer):
    country = AreaBriefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Organisation
        fields = ["id", "name", "acronym", "kind", "country", "website", "description"]

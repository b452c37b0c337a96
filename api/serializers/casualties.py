from rest_framework import serializers

from api.serializers.base import StatisticSerializer, statistic_fields
from kb.choices import AgeGroupChoices, CivilianStatusChoices, DeviceTypeChoices, QualifierChoices, SexChoices
from kb.statistics.casualties import CASUALTIES


class CasualtyRecordSerializer(StatisticSerializer):
    class Meta:
        model = CASUALTIES.model
        fields = statistic_fields(CASUALTIES)


class CasualtyMeasureSerializer(serializers.Serializer):
    sum = serializers.IntegerField(allow_null=True, help_text="Sum of the records that reported it; null if none did.")
    records = serializers.IntegerField(help_text="How many records of the group reported it.")
    qualifier = serializers.ChoiceField(
        choices=QualifierChoices.choices,
        allow_null=True,
        help_text="How the sum is hedged: the weakest claim of the records it adds up (null: every part exact).",
    )


class AreaRefSerializer(serializers.Serializer):
    iso3 = serializers.CharField()
    name = serializers.CharField()


class AdminAreaRefSerializer(serializers.Serializer):
    pcode = serializers.CharField()
    name = serializers.CharField()


class CasualtySummaryGroupSerializer(serializers.Serializer):
    """The group's values; only the dimensions named in group_by are present."""

    area = AreaRefSerializer(required=False)
    admin_area = AdminAreaRefSerializer(required=False)
    year = serializers.IntegerField(required=False)
    civilian_status = serializers.ChoiceField(choices=CivilianStatusChoices.choices, required=False)
    sex = serializers.ChoiceField(choices=SexChoices.choices, required=False)
    age_group = serializers.ChoiceField(choices=AgeGroupChoices.choices, required=False)
    device_type = serializers.ChoiceField(choices=DeviceTypeChoices.choices, required=False)


class CasualtySummarySerializer(serializers.Serializer):
    group = CasualtySummaryGroupSerializer()
    records = serializers.IntegerField()
    sources = serializers.ListField(child=serializers.CharField())
    total = CasualtyMeasureSerializer()
    killed = CasualtyMeasureSerializer()
    injured = CasualtyMeasureSerializer()
    fate_unknown = CasualtyMeasureSerializer()

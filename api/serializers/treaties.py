import datetime as dt

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.filters.lists import canonical_key
from api.params import AsOfQuerySerializer
from api.serializers.base import (
    AreaBriefSerializer,
    CitedSerializerMixin,
    ContentSerializerMixin,
)
from kb.choices import TreatyStatusChoices
from kb.models import Area, ArmedConflictPeriod, Treaty, TreatyAction


class TreatySerializer(ContentSerializerMixin, serializers.ModelSerializer):
    class Meta:
        model = Treaty
        content_fields = ["name", "short_name"]
        fields = [
            "code",
            "name",
            "name_language",
            "name_translated_by_us",
            "short_name",
            "short_name_language",
            "short_name_translated_by_us",
            "adopted_on",
            "entry_into_force_on",
            "entry_into_force_months",
            "entry_into_force_first_of_month",
            "withdrawal_notice_months",
            "armed_conflict_defers_withdrawal",
            "text_url",
            "records_complete_on",
        ]


class TreatyActionSerializer(ContentSerializerMixin, CitedSerializerMixin, serializers.ModelSerializer):
    treaty = serializers.SlugRelatedField(slug_field="code", read_only=True)
    area = AreaBriefSerializer(read_only=True)

    class Meta:
        model = TreatyAction
        content_fields = ["notes"]
        fields = [
            "id",
            "treaty",
            "area",
            "kind",
            "date",
            "notes",
            "notes_language",
            "status",
            *CitedSerializerMixin.CITED_FIELDS,
        ]


class ArmedConflictPeriodSerializer(ContentSerializerMixin, CitedSerializerMixin, serializers.ModelSerializer):
    area = AreaBriefSerializer(read_only=True)

    class Meta:
        model = ArmedConflictPeriod
        content_fields = ["description"]
        fields = [
            "id",
            "area",
            "started_on",
            "ended_on",
            "description",
            "description_language",
            "status",
            *CitedSerializerMixin.CITED_FIELDS,
        ]


# Treaty status (derived) ---------------------------------------------------------------------------------------


class CodeRelatedField(serializers.SlugRelatedField):
    """A code read in any case (apmbc, pol), as the list filters read codes."""

    def to_internal_value(self, data):
        try:
            return super().to_internal_value(data)
        except serializers.ValidationError:  # another spelling is looked for only when the code as given is unknown
            stored = canonical_key(self.get_queryset(), self.slug_field, data)
            if stored == data:
                raise
            return super().to_internal_value(stored)


def treaty_code_field(**options) -> serializers.SlugRelatedField:
    return CodeRelatedField(
        slug_field="code",
        queryset=Treaty.objects.all(),
        **options,
        help_text=_("Treaty code: APMBC, CCM, CCW-AP2."),
        error_messages={"does_not_exist": _("Unknown treaty '{value}'.")},
    )


def on_date_field() -> serializers.DateField:
    return serializers.DateField(
        default=dt.date.today,
        help_text=_("Date (YYYY-MM-DD); default today."),
        error_messages={"invalid": _("Date has the wrong format: use YYYY-MM-DD.")},
    )


def area_code_field() -> serializers.SlugRelatedField:
    return CodeRelatedField(
        slug_field="code",
        queryset=Area.objects.all(),
        required=False,
        help_text=_("ISO3 code: only this state."),
        error_messages={"does_not_exist": _("Unknown country or area code '{value}'.")},
    )


class TreatyStatusQuerySerializer(AsOfQuerySerializer):
    """Query parameters of treaty-status/."""

    treaty = treaty_code_field()
    on = on_date_field()
    area = area_code_field()
    status = serializers.ChoiceField(choices=TreatyStatusChoices.choices, required=False)


class TreatyHistoryQuerySerializer(AsOfQuerySerializer):
    """Query parameters of treaty-status/{iso3}/."""

    treaty = treaty_code_field()
    on = on_date_field()


class TreatyStatusSerializer(serializers.Serializer):
    """A state's derived standing under a treaty on a date."""

    area = AreaBriefSerializer()
    treaty = serializers.CharField(source="treaty.code")
    on = serializers.DateField(source="status.on")
    status = serializers.ChoiceField(source="status.status", choices=TreatyStatusChoices.choices)
    is_bound = serializers.BooleanField(source="status.is_bound")
    signed_on = serializers.DateField(source="status.signed_on", allow_null=True)
    consent_kind = serializers.CharField(source="status.consent_kind", allow_null=True)
    consent_on = serializers.DateField(source="status.consent_on", allow_null=True)
    in_force_on = serializers.DateField(source="status.in_force_on", allow_null=True)
    withdrawal_notified_on = serializers.DateField(source="status.withdrawal_notified_on", allow_null=True)
    withdrawal_effective_on = serializers.DateField(source="status.withdrawal_effective_on", allow_null=True)
    withdrawal_deferred_by_armed_conflict = serializers.BooleanField(
        source="status.withdrawal_deferred_by_armed_conflict"
    )
    suspension_declared_on = serializers.DateField(source="status.suspension_declared_on", allow_null=True)
    notes = serializers.ListField(source="status.notes", child=serializers.CharField())


class TimelineEntrySerializer(serializers.Serializer):
    since = serializers.DateField()
    status = serializers.ChoiceField(choices=TreatyStatusChoices.choices)


class TreatyHistorySerializer(TreatyStatusSerializer):
    """One state's actions under a treaty, its status on a date and every status change before it."""

    actions = TreatyActionSerializer(many=True)
    armed_conflicts = ArmedConflictPeriodSerializer(source="conflicts", many=True)
    timeline = serializers.SerializerMethodField()

    @extend_schema_field(TimelineEntrySerializer(many=True))
    def get_timeline(self, obj) -> list[dict]:
        return TimelineEntrySerializer([{"since": d, "status": s} for d, s in obj.timeline], many=True).data

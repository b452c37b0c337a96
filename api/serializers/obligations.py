from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.params import AsOfQuerySerializer
from api.serializers.base import AreaBriefSerializer, CitedSerializerMixin, ContentSerializerMixin
from api.serializers.treaties import area_code_field, on_date_field, treaty_code_field
from kb.choices import ObligationStateChoices
from kb.models import TreatyObligation
from kb.models.obligations import obligation_name
from kb.selectors.obligations import DEADLINE_ARTICLES


@extend_schema_field(OpenApiTypes.STR)
class ObligationNameField(serializers.Field):
    """The article's obligation in words, read from the treaty and article (so history snapshots have it too)."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, row) -> str:
        return obligation_name(row.treaty.code, row.article)


class TreatyObligationSerializer(ContentSerializerMixin, CitedSerializerMixin, serializers.ModelSerializer):
    treaty = serializers.SlugRelatedField(slug_field="code", read_only=True)
    area = AreaBriefSerializer(read_only=True)
    obligation = ObligationNameField()

    class Meta:
        model = TreatyObligation
        content_fields = ["notes"]
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


class ObligationRowBriefSerializer(serializers.ModelSerializer):
    """One of the dated rows a standing is derived from; the whole row is at treaty-obligations/{id}/."""

    source = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = TreatyObligation
        fields = ["id", "kind", *TreatyObligation.DATE_FIELDS, "source", "source_locator"]


class ObligationStandingQuerySerializer(AsOfQuerySerializer):
    """Query parameters of obligation-standing/."""

    treaty = treaty_code_field(required=False)
    on = on_date_field()
    area = area_code_field()
    article = serializers.ChoiceField(choices=sorted({article for _, article in DEADLINE_ARTICLES}), required=False)
    state = serializers.ChoiceField(choices=ObligationStateChoices.choices, required=False)


class ObligationStandingSerializer(serializers.Serializer):
    """A state's standing on one treaty article with a deadline, on a date, derived from its published rows (never
    stored): the current deadline is the latest granted extension's, else the treaty's."""

    area = AreaBriefSerializer()
    treaty = serializers.CharField()
    article = serializers.CharField()
    obligation = serializers.CharField()
    on = serializers.DateField()
    state = serializers.ChoiceField(
        choices=ObligationStateChoices.choices,
        help_text=(
            "`past_deadline` only when a source behind the rows was published after the current deadline; "
            "`no_record_since_deadline` when the deadline passed but every source predates it or gives no day; "
            "`not_bound` when the state's recorded treaty actions show it not bound on that date (withdrawn, or its "
            "consent not yet in force)."
        ),
    )
    original_deadline = serializers.DateField(allow_null=True)
    deadline = serializers.DateField(allow_null=True)
    extensions_granted = serializers.IntegerField()
    extension_requested = ObligationRowBriefSerializer(
        allow_null=True, help_text="A pending request for a deadline later than the current one, if any."
    )
    completed_on = serializers.DateField(allow_null=True, help_text="Null when completed but no source gave the day.")
    completed_after_deadline = serializers.BooleanField()
    newest_source_on = serializers.DateField(
        allow_null=True,
        help_text=(
            "Publication day of the newest dated source behind the rows, their own sources and further citations "
            "(null when none gives one): a standing is only as current as its record."
        ),
    )
    rows = ObligationRowBriefSerializer(many=True)

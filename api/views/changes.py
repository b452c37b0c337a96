"""changes/: a feed of created, updated, published, retracted and deleted records for synchronised copies."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.response import Response

from api.params import StrictQueryParametersMixin, moment_field_value
from api.permissions import ReadOnly
from kb.routing.reads import read_from_primary
from kb.selectors.changes import FEED_RESOURCES, change_cursor_parse, change_feed_list

MAX_CHANGES = 1000


class ChangeQuerySerializer(serializers.Serializer):
    since = serializers.CharField(
        required=False, help_text=_("A date or ISO 8601 date-time: changes after it. Omit to start from the beginning.")
    )
    cursor = serializers.CharField(required=False, help_text=_("next_cursor of the previous page."))
    resource = serializers.MultipleChoiceField(choices=list(FEED_RESOURCES), required=False)
    limit = serializers.IntegerField(required=False, min_value=1, max_value=MAX_CHANGES, default=100)

    def validate_since(self, value):
        return moment_field_value(value)

    def validate_cursor(self, value):
        try:
            return change_cursor_parse(value)
        except ValueError as exc:
            raise serializers.ValidationError(str(exc)) from None


class ChangeSerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    resource = serializers.CharField()
    id = serializers.IntegerField(source="record_id")
    action = serializers.ChoiceField(choices=["created", "published", "updated", "unpublished", "retracted", "deleted"])
    status = serializers.CharField()
    cursor = serializers.CharField()


class ChangePageSerializer(serializers.Serializer):
    results = ChangeSerializer(many=True)
    next_cursor = serializers.CharField(allow_null=True, help_text="Pass as cursor= to continue; null: up to date.")


class ChangeViewSet(StrictQueryParametersMixin, viewsets.ViewSet):
    """Changes to published data, oldest first: apply published/updated, remove retracted/deleted."""

    permission_classes = [ReadOnly]
    query_parameters = {"list": ChangeQuerySerializer}
    list_returns_object = True

    @extend_schema(parameters=[ChangeQuerySerializer], responses=ChangePageSerializer)
    def list(self, request):
        query = ChangeQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        user = request.user
        read_from_primary()  # a replica's copy may lag behind the primary, where events are judged settled
        # In a transaction the feed's server-side cursors stream (outside one, PostgreSQL materialises every event
        # after `since` before the first is read), so a page costs its own rows (kb_*_feed_idx serves the order).
        with transaction.atomic():
            changes = change_feed_list(
                since=params.get("since"),
                after=params.get("cursor"),
                resources=sorted(params.get("resource") or []) or None,
                limit=params["limit"],
                staff=bool(user.is_authenticated and user.is_staff),
            )
        next_cursor = changes[-1].cursor if len(changes) == params["limit"] else None
        if changes and next_cursor is None:
            next_cursor = changes[-1].cursor  # up to date now; keep polling from here
        return Response(
            # Up to date with nothing new: the cursor the client sent, as it sent it (params hold it parsed).
            {
                "results": ChangeSerializer(changes, many=True).data,
                "next_cursor": next_cursor or query.initial_data.get("cursor"),
            }
        )

"""Query parameters: each route takes the ones it documents; any other is a 400 naming it, so a misspelt filter
(`?yaer=2020`) never silently answers with everything."""

import datetime as dt
from collections.abc import Iterable

from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from kb.services.history import moment_day, moment_parse

# Taken by every route: the response format (`?format=csv`), the language (`?lang=uk`, api/middleware.py) and the
# byte-order mark that makes Excel read CSV as UTF-8 (`?bom=1`).
COMMON = ("format", "lang", "bom")
PAGINATION = ("limit", "offset", "pagination", "cursor")
SELECTED_FIELDS = ("fields", "omit")
MSG_UNKNOWN_PARAMETER = "Unknown parameter; this route takes: {allowed}."
MSG_BOM = "Use 1 (or true) to start CSV with a UTF-8 byte-order mark, 0 (or false) for none."
BOM_VALUES = {"1": True, "true": True, "0": False, "false": False}
MSG_AS_OF = "Use a date (YYYY-MM-DD) or a date and time (ISO 8601)."
AS_OF_HELP = (
    "What the knowledge base published at this moment (YYYY-MM-DD means the end of that day, UTC), read from the "
    "history; combines with every other parameter."
)


def query_parameters_check(request, allowed: Iterable[str]) -> None:
    """400 {name: [message]} for every query parameter of `request` not in `allowed` (nor COMMON)."""
    known = {*allowed, *COMMON}
    unknown = sorted(set(request.query_params) - known)
    if unknown:
        message = MSG_UNKNOWN_PARAMETER.format(allowed=", ".join(sorted(known)))
        raise ValidationError({name: [message] for name in unknown})


def bom_requested(request) -> bool:
    """`?bom=1`: CSV and HXL downloads start with a UTF-8 byte-order mark (Excel then shows Cyrillic as it is)."""
    value = request.query_params.get("bom", "0").strip().lower()
    if value not in BOM_VALUES:
        raise ValidationError({"bom": [MSG_BOM]})
    return BOM_VALUES[value]


def _names(declared) -> tuple[str, ...]:
    if isinstance(declared, type) and issubclass(declared, serializers.Serializer):
        return tuple(declared().fields)
    return tuple(declared)


class StrictQueryParametersMixin:
    """Checks a GET's query parameters before the action runs. `query_parameters` maps an action to the names it
    takes (or to its query serializer); viewsets with filters, ordering and pages add theirs
    (`allowed_query_parameters`)."""

    query_parameters: dict = {}

    def allowed_query_parameters(self) -> set[str]:
        return set(_names(self.query_parameters.get(self.action, ())))

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        # A method the route does not answer is DRF's 405, whatever the parameters.
        if request.method in ("GET", "HEAD") and getattr(self, request.method.lower(), None) is not None:
            query_parameters_check(request, self.allowed_query_parameters())
            bom_requested(request)


def as_of_parse(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    try:
        return moment_parse(value)
    except ValueError:
        raise ValidationError({"as_of": [MSG_AS_OF]}) from None


def moment_field_value(value: str) -> dt.datetime:
    """A query serializer's moment (`as_of`, the change feed's `since`), read as as_of_parse reads it; a value it
    cannot read is that field's 400."""
    try:
        return moment_parse(value)
    except ValueError:
        raise serializers.ValidationError(MSG_AS_OF) from None


class AsOfField(serializers.CharField):
    """`as_of` in a query serializer: a date or date-time, read as as_of_parse reads it."""

    def __init__(self, **kwargs):
        super().__init__(required=False, help_text=AS_OF_HELP, **kwargs)

    def to_internal_value(self, data):
        return moment_field_value(str(data))


class AsOfQuerySerializer(serializers.Serializer):
    """Query parameters with `as_of`; an `on` date the request leaves out defaults to the as-of day."""

    as_of = AsOfField()

    def validate(self, attrs):
        if attrs.get("as_of") and "on" in self.fields and "on" not in self.initial_data:
            attrs["on"] = moment_day(str(self.initial_data["as_of"]))
        return attrs

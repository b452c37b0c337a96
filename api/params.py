"""Query parameters: each route takes the ones it documents; any other is a 400 naming it, so a misspelt filter
(`?yaer=2020`) never silently answers with everything."""

from collections.abc import Iterable

from rest_framework import serializers
from rest_framework.exceptions import ValidationError

# Taken by every route: the response format (`?format=csv`) and the language (`?lang=uk`, api/middleware.py).
COMMON = ("format", "lang")
PAGINATION = ("limit", "offset", "pagination", "cursor")
SELECTED_FIELDS = ("fields", "omit")
MSG_UNKNOWN_PARAMETER = "Unknown parameter; this route takes: {allowed}."


def query_parameters_check(request, allowed: Iterable[str]) -> None:
    """400 {name: [message]} for every query parameter of `request` not in `allowed` (nor COMMON)."""
    known = {*allowed, *COMMON}
    unknown = sorted(set(request.query_params) - known)
    if unknown:
        message = MSG_UNKNOWN_PARAMETER.format(allowed=", ".join(sorted(known)))
        raise ValidationError({name: [message] for name in unknown})


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
        if request.method in ("GET", "HEAD"):
            query_parameters_check(request, self.allowed_query_parameters())

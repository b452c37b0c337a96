"""`?fields=` and `?omit=`: a GET's serializer keeps only the fields asked for."""

from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

MSG_UNKNOWN_FIELDS = "Unknown field(s): {unknown}. Available: {available}."

FIELD_SELECTION = [
    OpenApiParameter("fields", str, description="Comma-separated fields to include (others are left out)."),
    OpenApiParameter("omit", str, description="Comma-separated fields to leave out."),
]


class FieldSelectionMixin:
    def get_serializer(self, *args, **kwargs):
        serializer = super().get_serializer(*args, **kwargs)
        if self.request is not None and self.request.method == "GET":
            self._select_fields(serializer.child if isinstance(serializer, serializers.ListSerializer) else serializer)
        return serializer

    def _select_fields(self, serializer) -> None:
        params = self.request.query_params
        wanted = [f.strip() for f in params.get("fields", "").split(",") if f.strip()]
        omitted = [f.strip() for f in params.get("omit", "").split(",") if f.strip()]
        available = list(serializer.fields)
        unknown = [f for f in wanted + omitted if f not in available]
        if unknown:
            message = MSG_UNKNOWN_FIELDS.format(unknown=", ".join(unknown), available=", ".join(available))
            raise ValidationError({"fields" if set(unknown) & set(wanted) else "omit": [message]})
        for name in available:
            if (wanted and name not in wanted) or name in omitted:
                serializer.fields.pop(name)

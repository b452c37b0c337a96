"""Write serializers, derived from the import mapping: the API accepts the same fields (natural keys) as files.

A request is validated for types here (400 with field errors) and its typed values are written by the write service
(kb/services/writes/), with the same checks and messages as an uploaded file's cells."""

from collections.abc import Mapping

from rest_framework import serializers

from kb.choices import QualifierChoices
from kb.models.fields import MAX_TEXT_CHARS
from kb.services.imports.registry import RESOURCES
from kb.services.imports.statistics import CitationsWidget, PeriodWidget, PreferredWidget
from kb.services.imports.widgets import (
    BooleanTextWidget,
    ChoiceListWidget,
    ChoiceWidget,
    IsoDateWidget,
    NullableChoiceWidget,
    QualifiersWidget,
    StrictDecimalWidget,
    StrictIntegerWidget,
)
from kb.services.writes.values import MSG_UNKNOWN_FIELD

HELP = {
    "country_code": "ISO 3166-1 alpha-3 code (or the knowledge base's code for areas without one).",
    "pcode": "Admin area p-code, for a subnational figure.",
    "period": "2018 (year), 2025-12 (month), 2021-12-31 (as of) or 2019-01-01/2020-06-30 (range).",
    "source": "Source slug (or URL) of an existing source.",
    "preferred": "Make this the cell's preferred figure; empty: the cell's first figure becomes preferred.",
    "preference_reason": "Why this is the cell's preferred figure; kept with the figure and in its history. Empty: "
    "the stored reason says none was given (or that it is the cell's first figure).",
    "qualifiers": 'How the source hedges a figure, e.g. {"total": "at_least"}.',
    "citations": 'Further sources: [{"source": "slug", "locator": "p. 3"}].',
    "translations_from_sources": 'The translated texts a source gives, e.g. ["name_uk", "name_ru"]; every other '
    "translation is marked as ours. Empty: all are ours.",
}


class CitationInputSerializer(serializers.Serializer):
    source = serializers.CharField(help_text="Source slug.")
    locator = serializers.CharField(required=False, allow_blank=True, default="")


def _field_for(column: str, widget, required: bool) -> serializers.Field:
    common = {"required": required, "help_text": HELP.get(column, "")}
    if isinstance(widget, StrictIntegerWidget):
        return serializers.IntegerField(allow_null=not required, **common)
    if isinstance(widget, StrictDecimalWidget):
        return serializers.DecimalField(
            max_digits=24, decimal_places=6, allow_null=not required, coerce_to_string=False, **common
        )
    if isinstance(widget, NullableChoiceWidget):
        return serializers.ChoiceField(choices=widget.choices.choices, allow_null=True, **common)
    if isinstance(widget, ChoiceWidget):
        return serializers.ChoiceField(choices=widget.choices.choices, **common)
    if isinstance(widget, IsoDateWidget):
        return serializers.DateField(allow_null=not required, **common)
    if isinstance(widget, BooleanTextWidget | PreferredWidget):
        return serializers.BooleanField(allow_null=True, **common)
    if isinstance(widget, QualifiersWidget):
        return serializers.DictField(child=serializers.ChoiceField(choices=QualifierChoices.choices), **common)
    if isinstance(widget, CitationsWidget):
        return CitationInputSerializer(many=True, **common)
    if isinstance(widget, ChoiceListWidget):
        return serializers.ListField(child=serializers.ChoiceField(choices=widget.choices), **common)
    if isinstance(widget, PeriodWidget):
        return serializers.CharField(**common)
    return serializers.CharField(allow_blank=not required, max_length=MAX_TEXT_CHARS, **common)


class KnownFieldsSerializer(serializers.Serializer):
    """Refuses a key that names no write field. DRF drops it silently, so a typo (`kiled`) lost its figure with a
    201, and a read-only field (`status`, `is_preferred`) seemed accepted while nothing changed."""

    def to_internal_value(self, data):
        if isinstance(data, Mapping):
            if unknown := sorted(set(data) - set(self.fields)):
                message = MSG_UNKNOWN_FIELD.format(fields=", ".join(self.fields))
                raise serializers.ValidationError({name: [message] for name in unknown})
        return super().to_internal_value(data)


_SERIALIZERS: dict[str, type[serializers.Serializer]] = {}


def write_serializer_for(resource: str) -> type[serializers.Serializer]:
    """The request serializer of one resource (cached, named for the OpenAPI schema)."""
    if resource not in _SERIALIZERS:
        resource_class = RESOURCES[resource]
        fields = {}
        for name in resource_class._meta.fields:
            declared = resource_class.fields[name]
            column = declared.column_name
            fields[column] = _field_for(column, declared.widget, column in resource_class.required)
        class_name = resource_class._meta.model.__name__ + "Write"
        _SERIALIZERS[resource] = type(class_name, (KnownFieldsSerializer,), fields)
    return _SERIALIZERS[resource]

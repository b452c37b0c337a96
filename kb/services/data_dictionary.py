"""The data dictionary: a Frictionless Table Schema per resource, read from the declarations that already define the
files (kb/services/imports/: columns, widgets, HXL tags, required columns) and the models behind them (names, help
texts, choices, units), so it describes exactly the CSV the API and releases serve and cannot drift from it."""

import re

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import translation

from kb.choices import QualifierChoices
from kb.services.export_columns import export_columns
from kb.services.imports.registry import RESOURCES
from kb.services.imports.statistics import CitationsWidget, PeriodWidget, PreferredWidget
from kb.services.imports.widgets import (
    BooleanTextWidget,
    ChoiceWidget,
    IsoDateWidget,
    NaturalKeyWidget,
    NullableChoiceWidget,
    QualifiersWidget,
    StrictDecimalWidget,
    StrictIntegerWidget,
)

# The period notation of kb/periods.py: a year, a month, a day (as of) or a range of days.
PERIOD_PATTERN = r"\d{4}(-\d{2}(-\d{2}(/\d{4}-\d{2}-\d{2})?)?)?"
# A unit written at the end of a field's English name: "cleared (m²)", "amount (USD)", "share (%)".
UNIT_IN_NAME = re.compile(r"\(([^()]*)\)\s*$")
UNITS = {"m²": "m2", "%": "percent"}
# What a help text says an empty cell means: "Empty: all operators together."
EMPTY_IN_HELP = re.compile(r"^Empty: ([^;.]+)")

NULL_UNKNOWN = "Not reported: unknown, never zero."
NULL_ALL = "All values: the figure is not broken down by this dimension."
NULL_NONE = "None given."
NULL_NATIONAL = "A national figure (no admin area)."


def data_dictionary_resources() -> list[str]:
    return list(RESOURCES)


def _model_field(model, attribute: str) -> models.Field | None:
    try:
        return model._meta.get_field(attribute)
    except FieldDoesNotExist:
        return None


def _type(widget, model_field) -> dict:
    """Frictionless type (and format/constraints) of one column, from the widget that reads and writes it."""
    if isinstance(widget, StrictIntegerWidget):
        spec = {"type": "integer"}
        if isinstance(model_field, models.PositiveIntegerField | models.PositiveBigIntegerField):
            spec["constraints"] = {"minimum": 0}
        return spec
    if isinstance(widget, StrictDecimalWidget):
        return {"type": "number"}
    if isinstance(widget, IsoDateWidget):
        return {"type": "date"}
    if isinstance(widget, BooleanTextWidget | PreferredWidget):
        return {"type": "boolean", "trueValues": ["true"], "falseValues": ["false"]}
    if isinstance(widget, PeriodWidget):
        return {"type": "string", "constraints": {"pattern": PERIOD_PATTERN}}
    if isinstance(widget, ChoiceWidget):
        return {"type": "string", "constraints": {"enum": [str(v) for v in widget.choices.values]}}
    return {"type": "string"}


def _meaning(widget, model_field) -> tuple[str, str]:
    """(description, what an empty cell means) from the model field and the widget."""
    description = str(model_field.help_text) if model_field is not None else ""
    if isinstance(widget, PeriodWidget):
        description = "2018 (a year), 2025-12 (a month), 2021-12-31 (as of a day) or 2019-01-01/2020-06-30 (a range)."
    elif isinstance(widget, QualifiersWidget):
        values = ", ".join(QualifierChoices.values)
        description = f"How the source hedges a figure: figure:qualifier pairs separated by '; ' ({values})."
    elif isinstance(widget, CitationsWidget):
        description = "Further sources beyond the primary one: 'slug: locator' separated by ' | '."
    elif isinstance(widget, NaturalKeyWidget):
        key = f"{widget.model._meta.verbose_name} by {widget.field}"
        description = f"{description} ({key})" if description else key.capitalize()
    if found := EMPTY_IN_HELP.match(str(model_field.help_text) if model_field is not None else ""):
        null = f"{found.group(1).strip().capitalize()}."
    elif isinstance(widget, NullableChoiceWidget):
        null = NULL_ALL
    elif isinstance(widget, StrictIntegerWidget | StrictDecimalWidget):
        null = NULL_UNKNOWN
    elif model_field is not None and model_field.name == "admin_area":
        null = NULL_NATIONAL
    else:
        null = NULL_NONE
    return description, null


def _unit(model_field) -> str | None:
    if model_field is None:
        return None
    found = UNIT_IN_NAME.search(str(model_field.verbose_name))
    return UNITS.get(found.group(1), found.group(1)) if found else None


def _field(resource_class, name: str) -> dict:
    declared = resource_class.fields[name]
    model = resource_class._meta.model
    model_field = _model_field(model, declared.attribute)
    widget = declared.widget
    title = str(model_field.verbose_name) if model_field is not None else declared.column_name.replace("_", " ")
    description, null = _meaning(widget, model_field)
    spec = {"name": declared.column_name, "title": title, **_type(widget, model_field)}
    if description:
        spec["description"] = description
    if declared.column_name in resource_class.required:
        spec.setdefault("constraints", {})["required"] = True
    if spec["type"] in ("number", "integer") and (unit := _unit(model_field)):  # "name (English)" is no unit
        spec["unit"] = unit
    if tag := resource_class.hxl.get(declared.column_name):  # tags are kept by file column, as in the files
        spec["hxl"] = tag
    if declared.attribute in getattr(model, "figure_fields", ()):
        spec["qualifiable"] = True  # the `qualifiers` column may hedge it ("at_least")
    spec["nullMeaning"] = null
    return spec


def _export_only(column) -> dict:
    """A column downloads add to the import format (kb/services/export_columns.py); imports ignore it."""
    return {
        "name": column.name,
        "type": column.kind,
        "description": column.about,
        "hxl": column.hxl,
        "nullMeaning": NULL_NONE,
    }


def table_schema(*, resource: str) -> dict:
    """The Frictionless Table Schema of one resource's CSV (as the API streams it and releases hold it), in English
    like the CSV's column names.

    Besides the standard properties each field may carry `unit`, `hxl` (its HXL hashtag), `qualifiable` (a
    qualifier may hedge it) and `nullMeaning` (what an empty cell means)."""
    with translation.override("en"):
        return _table_schema(resource)


def _table_schema(resource: str) -> dict:
    resource_class = RESOURCES[resource]
    model = resource_class._meta.model
    leading, trailing = export_columns(model, resource_class._meta.fields)
    fields = [
        *(_export_only(column) for column in leading),
        *(_field(resource_class, name) for name in resource_class._meta.fields),
        *(_export_only(column) for column in trailing),
    ]
    return {
        "title": str(model._meta.verbose_name_plural).capitalize(),
        "description": " ".join((model.__doc__ or "").split()),
        "fields": fields,
        "missingValues": [""],
        "naturalKey": resource_class.key_columns(),
    }

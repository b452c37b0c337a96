"""The columns every statistic shares: area, admin area, period, preference, qualifiers, source."""

from django.db.models import Prefetch
from import_export import fields, widgets

from kb.models import AdminArea, Citation, Source
from kb.periods import period_parse
from kb.services.imports.base import KbResource, column, declared_columns
from kb.services.imports.errors import CellError
from kb.services.imports.reference import area_widget, source_widget
from kb.services.imports.widgets import ColumnAware, NaturalKeyWidget, QualifiersWidget, TextWidget
from kb.services.writes.rules import record_preference_prepare
from kb.statistics.base import Column, Statistic


class PeriodWidget(ColumnAware, widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        try:
            return period_parse("" if value is None else str(value))
        except ValueError as exc:
            raise self.fail(str(exc), value) from None

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class PeriodField(fields.Field):
    """One `period` column for the three period fields (kind, start, end)."""

    def save(self, instance, row, is_m2m=False, **kwargs):
        period = self.clean(row, **kwargs)
        instance.period_kind, instance.period_start, instance.period_end = period.kind, period.start, period.end

    def get_value(self, instance):
        return instance.period if instance.period_start else None


class PreferredWidget(ColumnAware, widgets.Widget):
    """true / false / empty (empty: keep as is; a cell's first figure becomes preferred)."""

    def clean(self, value, row=None, **kwargs):
        text = "" if value is None else str(value).strip().lower()
        if not text:
            return None
        if text in ("true", "yes", "1"):
            return True
        if text in ("false", "no", "0"):
            return False
        raise self.fail(f"{value!r} is not true/false.", value)

    def render(self, value, obj=None, **kwargs):
        return "true" if value else "false"


class PreferredField(fields.Field):
    """true / false sets the figure's preference; the write service settles the cell when the row is saved
    (StatisticalResource.before_save_instance)."""

    def save(self, instance, row, is_m2m=False, **kwargs):
        requested = self.clean(row, **kwargs)
        if requested is not None:
            instance.is_preferred = requested

    def requested(self, row) -> bool | None:
        """The row's explicit preference request; None when the file leaves it to the cell."""
        return self.clean(row) if self.column_name in row else None


class CitationsWidget(ColumnAware, widgets.Widget):
    """'slug: locator | slug2' <-> [(source, locator), ...] — further sources of a record, by source slug."""

    def clean(self, value, row=None, **kwargs):
        text = "" if value is None else str(value).strip()
        citations = []
        for part in filter(None, (p.strip() for p in text.split("|"))):
            slug, _, locator = part.partition(":")
            citations.append(self.citation(slug.strip(), locator.strip(), text))
        return citations

    def citation(self, slug: str, locator: str, value) -> tuple:
        """(source, locator) of one citation, if the writer may name the source and the locator fits; else the cell
        error for `value`."""
        source = Source.objects.nameable_by(self.writer).filter(slug=slug).first()
        if source is None:
            raise self.fail(MSG_UNKNOWN_CITED_SOURCE.format(value=slug), value)
        if len(locator) > LOCATOR_MAX:
            raise self.fail(MSG_LOCATOR_LONG.format(slug=slug, limit=LOCATOR_MAX, length=len(locator)), value)
        return source, locator

    def render(self, value, obj=None, **kwargs):
        return " | ".join(f"{source.slug}: {locator}" if locator else source.slug for source, locator in value or [])


STORED_CITATIONS = "stored_citations"


class CitationsField(fields.Field):
    """Further citations (beyond the primary source), saved after the record itself."""

    def save(self, instance, row, is_m2m=False, **kwargs):
        instance._pending_citations = self.clean(row, **kwargs)

    def get_value(self, instance):
        if hasattr(instance, "_pending_citations"):
            return instance._pending_citations
        if instance.pk is None:
            return []
        citations = getattr(instance, STORED_CITATIONS, None)  # read with the record (CitedResource.get_queryset)
        if citations is None:
            citations = instance.citations.select_related("source").order_by("source__slug")
        return [(c.source, c.locator) for c in citations]


MSG_UNKNOWN_CITED_SOURCE = "Unknown source {value!r} in citations."
MSG_LOCATOR_LONG = "The locator of {slug!r} in citations has {length} characters; at most {limit}."
LOCATOR_MAX = Citation._meta.get_field("locator").max_length

# A cited record's own source, required, then further citations: the columns CitedResource declares.
CITED = (
    Column("source", "#meta+source", required=True),
    Column("source_locator", "#meta+source+locator"),
    Column("source_quote", "#meta+source+quote"),
    Column("citations", "#meta+source+other"),
)
# The period notation (`2018`, `2019-01-01/2020-06-30`) is not an HXL date: downloads add `year`, `period_start` and
# `period_end` as #date+year/+start/+end, and the p-code per admin level as #adm1+code, #adm2+code
# (kb/services/export_columns.py); the p-code column itself may be of any level.
COMMON_HXL = {
    "country_code": "#country+code",
    "pcode": "#loc+code",
    "period": "#meta+period",
    "preferred": "#meta+preferred",
    "preference_reason": "#meta+preferred+reason",
    "qualifiers": "#meta+qualifiers",
    **{c.name: c.hxl for c in CITED},
    "notes": "#description",
}
LEADING_COLUMNS = ("area", "admin_area", "period")
TRAILING_COLUMNS = (
    "preferred",
    "preference_reason",
    "qualifiers",
    "source",
    "source_locator",
    "source_quote",
    "citations",
    "notes",
)


class CitedResource(KbResource):
    """Base of imports of cited records: the primary source with its locator and quote, and further citations."""

    source = column("source", source_widget())
    source_locator = column("source_locator", TextWidget())
    source_quote = column("source_quote", TextWidget())
    citations = CitationsField(attribute="citations", column_name="citations", widget=CitationsWidget())

    def get_queryset(self):
        """With each record's further citations, in the order the column lists them: a preview compares them."""
        ordered = Citation.objects.select_related("source").order_by("source__slug")
        # A list attribute, not the prefetch cache: the preview's deep copy of the record keeps a list (a copied
        # queryset is read again).
        stored = Prefetch("citations", queryset=ordered, to_attr=STORED_CITATIONS)
        return super().get_queryset().prefetch_related(stored)


class StatisticalResource(CitedResource):
    """Base of statistics imports. A row is matched to an existing record by its cell and source (the natural key),
    so a revised figure from the same source updates the record and a figure from another source competes with it."""

    area = column("area", area_widget(), name="country_code")
    admin_area = column("admin_area", NaturalKeyWidget(AdminArea, "pcode", label="p-code"), name="pcode")
    period = PeriodField(attribute="period", column_name="period", widget=PeriodWidget())
    preferred = PreferredField(attribute="is_preferred", column_name="preferred", widget=PreferredWidget())
    preference_reason = column("preference_reason", TextWidget())
    qualifiers = column("qualifiers", QualifiersWidget())
    notes = column("notes", TextWidget())

    required_common = ("country_code", "period", "source")

    def get_instance(self, instance_loader, row):
        """Find the record with this row's cell and source."""
        lookup = {}
        for name in self._meta.import_id_fields:
            resource_field = self.fields[name]
            if resource_field.column_name not in row:
                return None
            try:
                value = resource_field.clean(row)
            except CellError:
                return None  # no record can match; the cell's own error is reported with every other one of the row
            if name == "period":
                lookup.update(period_start=value.start, period_end=value.end)
            else:
                lookup[resource_field.attribute] = value
        return self.get_queryset().filter(**lookup).first()

    def before_save_instance(self, instance, row, **kwargs):
        super().before_save_instance(instance, row, **kwargs)
        record_preference_prepare(instance, requested=self.fields["preferred"].requested(row), by=self.by)


def statistic_fields(*specific: str) -> tuple[str, ...]:
    """File column order: where and when, the figures, then preference and citation."""
    return (*LEADING_COLUMNS, *specific, *TRAILING_COLUMNS)


def statistic_key(*dimensions: str) -> tuple[str, ...]:
    """The natural key: the cell (area, admin area, period, dimensions) and the source."""
    return (*LEADING_COLUMNS, *dimensions, "source")


def statistic_hxl(statistic: Statistic) -> dict[str, str]:
    """HXL hashtags by column: the shared columns', then the statistic's own (kb/statistics/)."""
    return {**COMMON_HXL, **statistic.hxl}


def statistic_required(statistic: Statistic) -> tuple[str, ...]:
    """The columns a row must fill: country, period and source, then the statistic's own required columns."""
    return (*StatisticalResource.required_common, *statistic.required)


def statistic_resource(statistic: Statistic, **given) -> type[StatisticalResource]:
    """A statistic's import/export mapping: the shared columns, one column per own field of its declaration
    (kb/statistics/), read by the widget given here or, for a number or free text, by its strict widget; the
    declaration's natural key, required columns and HXL tags."""
    attrs = declared_columns(statistic.model, statistic.columns, given, statistic.resource)
    meta = {
        "model": statistic.model,
        "fields": statistic_fields(*statistic.names),
        "import_id_fields": statistic_key(*statistic.dimensions),
    }
    attrs.update(
        hxl=statistic_hxl(statistic),
        required=statistic_required(statistic),
        Meta=type("Meta", (StatisticalResource.Meta,), meta),
        __doc__=f"Import/export mapping for {statistic.model._meta.verbose_name_plural}.",
    )
    return type(StatisticalResource)(f"{statistic.model.__name__}Resource", (StatisticalResource,), attrs)

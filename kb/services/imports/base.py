"""The shared import/export resource: natural-key columns, HXL tags, review status of new rows."""

import functools
from collections.abc import Sequence
from typing import ClassVar

from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db import models
from django.utils import timezone
from import_export import fields, resources

from kb.choices import ReviewStatusChoices
from kb.models.base import MSG_FUTURE_OBSERVATION
from kb.services.imports.errors import CellError, ImportIssue
from kb.services.imports.widgets import (
    BooleanTextWidget,
    ChoiceListWidget,
    IsoDateWidget,
    StrictDecimalWidget,
    StrictIntegerWidget,
    TextWidget,
)
from kb.services.review import published_sources_vouch
from kb.services.writes.rules import (
    record_citations_sync,
    record_prepare,
    record_store,
    record_validate,
)
from kb.statistics.base import Column

PROGRESS_EVERY = 500
MSG_EXISTS = "This record already exists (id {pk}): change it with PATCH instead of creating it again."
MSG_EXISTS_HIDDEN = "This record already exists and is not yours to change; it cannot be created again."
MSG_SAME_ITEM = "Same record as item {first}, written another way; give each record one item."
MSG_SAME_RECORD = "Same record as row {first}, written another way ({key}); give each record one row."


def exists_message(record, by) -> str:
    """A create that names a stored record: with its id where the writer may see it (to PATCH it), without where it
    may not, so a partner learns no id of another partner's draft or proposal."""
    queryset = type(record)._default_manager.all()
    if by is not None and hasattr(queryset, "visible_to"):
        queryset = queryset.visible_to(by)
    return MSG_EXISTS.format(pk=record.pk) if queryset.filter(pk=record.pk).exists() else MSG_EXISTS_HIDDEN


def column(attribute: str, widget, *, name: str | None = None) -> fields.Field:
    """One file column mapped to one model attribute."""
    return fields.Field(attribute=attribute, column_name=name or attribute, widget=widget)


def translations(name: str, hxl: str) -> tuple[Column, Column]:
    """The Ukrainian and Russian columns of a translated text field."""
    return Column(f"{name}_uk", f"{hxl}+i_uk"), Column(f"{name}_ru", f"{hxl}+i_ru")


# Which translations of the row a source gives (`name_uk | name_ru`); the others are ours (kb/models/fields.py).
TRANSLATIONS_FROM_SOURCES = Column("translations_from_sources", "#meta+translation+source")


def strict_widget(model, name: str, owner: str):
    """The strict widget of a number, date, yes/no or free-text field; any other field names its widget."""
    field = model._meta.get_field(name)
    if isinstance(field, ArrayField) and field.base_field.choices:
        return ChoiceListWidget([value for value, _label in field.base_field.choices])
    if field.choices or field.is_relation:
        raise ImproperlyConfigured(f"{owner}: give the widget of {name!r} (a choice or a record)")
    if isinstance(field, models.DecimalField):
        return StrictDecimalWidget()
    if isinstance(field, models.IntegerField):
        return StrictIntegerWidget()
    if isinstance(field, models.BooleanField):
        return BooleanTextWidget()
    if isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField):
        return IsoDateWidget()
    if isinstance(field, models.CharField | models.TextField):
        return TextWidget()
    raise ImproperlyConfigured(f"{owner}: give the widget of {name!r}")


def declared_columns(model, columns: Sequence[Column], given: dict, owner: str, inherited=()) -> dict:
    """One resource field per declared column (those `inherited` from a base aside), read by the widget given here
    by field name or else by its strict widget."""
    unknown = set(given) - {c.name for c in columns}
    if unknown:
        raise ImproperlyConfigured(f"{owner}: widgets for no column: {sorted(unknown)}")
    return {
        c.name: column(c.name, given.get(c.name) or strict_widget(model, c.name, owner), name=c.column)
        for c in columns
        if c.name not in inherited
    }


class KbResource(resources.ModelResource):
    """Base of every importable resource.

    Subclasses declare their columns as fields, list them in `Meta.fields` (file order), name the natural
    key in `Meta.import_id_fields` and give each column an HXL hashtag in `hxl`.
    """

    hxl: ClassVar[dict[str, str]] = {}
    required: ClassVar[tuple[str, ...]] = ()

    class Meta:
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        use_transactions = True
        skip_html_diff = True

    def __init__(
        self,
        *,
        initial_status: str = ReviewStatusChoices.DRAFT,
        by=None,
        progress=None,
        rows_total: int = 0,
        row_numbers: Sequence[int] = (),
        create_only: bool = False,
        extra: dict | None = None,
        **kwargs,
    ):
        super().__init__(**kwargs)
        self.row_numbers = row_numbers  # the file's row numbers of the dataset's rows (1-based there)
        self.rows_by_record: dict = {}  # record id -> file row that named it
        self.create_only = create_only
        self.extra = extra or {}
        self.progress = progress
        self.rows_total = rows_total
        self.rows_done = 0
        for resource_field in self.fields.values():
            resource_field.widget.column_name = resource_field.column_name
            resource_field.widget.writer = by
        self.initial_status = initial_status
        self.by = by

    def get_queryset(self):
        """The model's records with the records their columns name (area, source, ...) joined in: a row's preview
        compares the stored record with the file, which reads each of them (a query a row and column otherwise)."""
        related = self.related_columns()
        return super().get_queryset().select_related(*related) if related else super().get_queryset()

    @classmethod
    @functools.cache
    def related_columns(cls) -> tuple[str, ...]:
        """The columns that name another record through a foreign key of the model."""
        model_fields = {field.name: field for field in cls._meta.model._meta.concrete_fields}
        return tuple(
            resource_field.attribute
            for resource_field in cls.fields.values()
            if getattr(model_fields.get(resource_field.attribute), "many_to_one", False)
        )

    @classmethod
    def column_names(cls) -> list[str]:
        declared = cls.fields  # class-level declared fields, by attribute name
        return [declared[name].column_name for name in cls._meta.fields]

    @classmethod
    def key_columns(cls) -> list[str]:
        declared = cls.fields
        return [declared[name].column_name for name in cls._meta.import_id_fields]

    @classmethod
    def hxl_tags(cls) -> list[str]:
        return [cls.hxl.get(name, "") for name in cls.column_names()]

    def after_import(self, dataset, result, **kwargs):
        """Do not reset the id sequence, as django-import-export's ModelResource does after new rows: imports never
        set ids, and under concurrent imports (API submissions) the reset rewinds the sequence to another
        transaction's snapshot, so the next inserts collide (found by `make soak`)."""

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """The write service's checks (kb/services/writes/rules.py); the database checks its constraints when the
        row is stored."""
        record_validate(instance, errors=import_validation_errors)

    def do_instance_save(self, instance, is_create):
        record_store(instance, save=lambda: super(KbResource, self).do_instance_save(instance, is_create))

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if self.create_only and original is not None and original.pk is not None:
            return False  # an identical existing record is still a conflict when asked to create
        return super().skip_row(instance, original, row, import_validation_errors)

    def before_save_instance(self, instance, row, **kwargs):
        """The write service's review rules (kb/services/writes/rules.py), as a row error of the file."""
        if self.create_only and instance.pk is not None:
            raise ValueError(exists_message(instance, self.by))
        try:
            record_prepare(instance, by=self.by, initial_status=self.initial_status, extra=self.extra)
        except PermissionDenied as exc:
            raise ValueError(str(exc)) from None

    def after_save_instance(self, instance, row, **kwargs):
        super().after_save_instance(instance, row, **kwargs)
        citations_sync(instance)  # a no-op unless the row had a citations column
        if self.by is not None:  # a reviewer's row changing a published record (an operator's sources are reviewed)
            published_sources_vouch(instance, self.by)

    def after_init_instance(self, instance, new, row, **kwargs):
        """Two rows that the file spells differently (a year and its dates, a source's slug and its URL) but that name
        one record: the same spelling is refused as a repeat (kb/services/imports/table_checks.py), so is this,
        rather than the later row silently overwriting the earlier."""
        super().after_init_instance(instance, new, row, **kwargs)
        first = None if new else self.rows_by_record.get(instance.pk)
        if first is not None:
            keys = self.key_columns()
            raise CellError(
                MSG_SAME_RECORD.format(first=first, key=", ".join(keys)),
                column=", ".join(keys),
                value=" / ".join(str(row.get(name, "")) for name in keys),
            )

    def after_import_row(self, row, row_result, **kwargs):
        super().after_import_row(row, row_result, **kwargs)
        number = kwargs.get("row_number")
        if row_result.object_id is not None and number is not None:
            index = number - 1
            self.rows_by_record.setdefault(
                row_result.object_id, self.row_numbers[index] if index < len(self.row_numbers) else number
            )
        self.rows_done += 1
        if self.progress and (self.rows_done % PROGRESS_EVERY == 0 or self.rows_done == self.rows_total):
            self.progress(self.rows_done, self.rows_total)


def declared_resource(model, columns: Sequence[Column], *, key: tuple[str, ...], base=None, **given):
    """An import/export mapping from its columns, each declared once in file order with its HXL tag and whether a
    row must fill it. Choices and related records name their widget here (by field name); numbers, dates, yes/no and
    free text are read by their strict widget. Columns the base declares (a cited record's source) are listed
    only."""
    base = base or KbResource
    attrs = declared_columns(model, columns, given, model.__name__, inherited=base.fields)
    meta = {"model": model, "fields": tuple(c.name for c in columns), "import_id_fields": key}
    attrs.update(
        hxl={c.column_name: c.hxl for c in columns if c.hxl},
        required=tuple(c.column_name for c in columns if c.required),
        Meta=type("Meta", (base.Meta,), meta),
    )
    return type(base)(f"{model.__name__}Resource", (base,), attrs)


def citations_sync(instance) -> None:
    """Make the record's further citations exactly those of the row (quotes of kept citations are kept)."""
    wanted = getattr(instance, "_pending_citations", None)
    if wanted is not None:
        record_citations_sync(instance, wanted)


def future_observation_issues(cursor, model, table, position: dict[str, int], stage: str) -> list[ImportIssue]:
    """StatisticalRecord.clean's time rule over rows staged in `stage` (the bulk import): an observation cannot end
    after today."""
    if model.observed_when is None:
        return []
    today = timezone.localdate()
    where = "".join(f" AND {model._meta.get_field(name).column} = %s" for name in model.observed_when)
    cursor.execute(
        f"SELECT rownum FROM {stage} WHERE period_end > %s{where} LIMIT 1000", [today, *model.observed_when.values()]
    )
    message, at = str(MSG_FUTURE_OBSERVATION.format(today=today.isoformat())), position.get("period")
    return [
        ImportIssue(
            row=table.row_numbers[r], column="period", value="" if at is None else table.rows[r][at], message=message
        )
        for (r,) in cursor.fetchall()
    ]

"""The shared import/export resource: natural-key columns, HXL tags, review status of new rows."""

from collections.abc import Sequence
from typing import ClassVar

from django.core.exceptions import NON_FIELD_ERRORS, ImproperlyConfigured, PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from import_export import fields, resources

from kb.choices import ReviewStatusChoices
from kb.models.base import MSG_FUTURE_OBSERVATION, ReviewableModel
from kb.services.imports.errors import ImportIssue
from kb.services.imports.widgets import (
    BooleanTextWidget,
    IsoDateWidget,
    StrictDecimalWidget,
    StrictIntegerWidget,
    TextWidget,
)
from kb.services.review import can_review, record_edited, reference_prepare
from kb.statistics.base import Column

LOCKED_STATUSES = (ReviewStatusChoices.PUBLISHED, ReviewStatusChoices.RETRACTED)
PROGRESS_EVERY = 500
PERIOD_FIELDS = ("period_kind", "period_start", "period_end")  # what the one `period` column sets
MSG_EXISTS = "This figure already exists (id {pk}): change it with PATCH instead of creating it again."
MSG_UNIQUE_FIELD = "Another record already has this {field}."
MSG_CONSTRAINT = "The row breaks the database rule {name}."
MSG_PUBLISHED_NEEDS_REVIEWER = "This row changes a {status} record; only a reviewer may change it."


def column(attribute: str, widget, *, name: str | None = None) -> fields.Field:
    """One file column mapped to one model attribute."""
    return fields.Field(attribute=attribute, column_name=name or attribute, widget=widget)


def translations(name: str, hxl: str) -> tuple[Column, Column]:
    """The Ukrainian and Russian columns of a translated text field."""
    return Column(f"{name}_uk", f"{hxl}+i_uk"), Column(f"{name}_ru", f"{hxl}+i_ru")


def strict_widget(model, name: str, owner: str):
    """The strict widget of a number, date, yes/no or free-text field; any other field names its widget."""
    field = model._meta.get_field(name)
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
        create_only: bool = False,
        extra: dict | None = None,
        **kwargs,
    ):
        super().__init__(**kwargs)
        self.create_only = create_only
        self.extra = extra or {}
        self.progress = progress
        self.rows_total = rows_total
        self.rows_done = 0
        for resource_field in self.fields.values():
            resource_field.widget.column_name = resource_field.column_name
        self.initial_status = initial_status
        self.by = by

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
        """Field and cross-field checks in Python; the database checks its constraints when the row is written
        (do_instance_save), one statement instead of a query per constraint."""
        errors = dict(import_validation_errors or {})
        # A column that failed to read leaves its model fields unset: not a second error of the same cell.
        exclude = [*errors, *(PERIOD_FIELDS if "period" in errors else ())]
        try:
            instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def do_instance_save(self, instance, is_create):
        try:
            with transaction.atomic():  # a savepoint: a refused row leaves the file's transaction usable
                super().do_instance_save(instance, is_create)
        except IntegrityError as exc:
            raise constraint_violation(instance, exc) from None

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if self.create_only and original is not None and original.pk is not None:
            return False  # an identical existing record is still a conflict when asked to create
        return super().skip_row(instance, original, row, import_validation_errors)

    def before_save_instance(self, instance, row, **kwargs):
        if self.create_only and instance.pk is not None:
            raise ValueError(MSG_EXISTS.format(pk=instance.pk))
        if not isinstance(instance, ReviewableModel):
            try:
                reference_prepare(record=instance, by=self.by)
            except PermissionDenied as exc:
                raise ValueError(str(exc)) from None
            return
        if instance.pk is None:
            # New rows enter the workflow in the importer's chosen status (draft unless seeding).
            instance.status = self.initial_status
            for name, value in self.extra.items():
                setattr(instance, name, value)
            if getattr(self.by, "pk", None):
                instance.submitted_by = self.by
        elif self.by is not None and instance.status in LOCKED_STATUSES and not can_review(self.by, instance):
            # Nothing published changes without a reviewer.
            raise ValueError(MSG_PUBLISHED_NEEDS_REVIEWER.format(status=instance.get_status_display().lower()))
        else:
            record_edited(instance)

    def after_save_instance(self, instance, row, **kwargs):
        super().after_save_instance(instance, row, **kwargs)
        citations_sync(instance)  # a no-op unless the row had a citations column

    def after_import_row(self, row, row_result, **kwargs):
        super().after_import_row(row, row_result, **kwargs)
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


def constraint_violation(instance, exc: IntegrityError) -> ValidationError:
    """The readable error for the database constraint a row broke, on its field where the rule names one."""
    name = getattr(getattr(exc.__cause__, "diag", None), "constraint_name", None) or ""
    table = instance._meta.db_table
    for constraint in instance._meta.constraints:
        if constraint.name == name:
            message = constraint.get_violation_error_message()
            return ValidationError({constraint_column(instance, name) or NON_FIELD_ERRORS: [message]})
    if name.endswith("_key") or name.endswith("_uniq"):
        field = name.removeprefix(f"{table}_").rsplit("_", 1)[0]
        return ValidationError({field: [MSG_UNIQUE_FIELD.format(field=field)]})
    return ValidationError({NON_FIELD_ERRORS: [MSG_CONSTRAINT.format(name=name or str(exc).splitlines()[0])]})


def constraint_column(model, name: str) -> str:
    """The field a constraint is about, when its name says (`<table>_<field>_valid`); else ""."""
    return name.removeprefix(f"{model._meta.db_table}_").removesuffix("_valid") if name.endswith("_valid") else ""


def citations_sync(instance) -> None:
    """Make the record's further citations exactly those of the row (quotes of kept citations are kept)."""
    wanted = getattr(instance, "_pending_citations", None)
    if wanted is None:
        return
    keep = []
    for source, locator in wanted:
        citation, _ = instance.citations.get_or_create(source=source, locator=locator)
        keep.append(citation.pk)
    instance.citations.exclude(pk__in=keep).delete()


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

"""The shared import/export resource: natural-key columns, HXL tags, review status of new rows."""

from typing import ClassVar

from import_export import fields, resources

from kb.choices import ReviewStatusChoices
from kb.models.base import ReviewableModel


def column(attribute: str, widget, *, name: str | None = None) -> fields.Field:
    """One file column mapped to one model attribute."""
    return fields.Field(attribute=attribute, column_name=name or attribute, widget=widget)


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

    def __init__(self, *, initial_status: str = ReviewStatusChoices.DRAFT, by=None, **kwargs):
        super().__init__(**kwargs)
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

    def before_save_instance(self, instance, row, **kwargs):
        # New reviewable rows enter the workflow in the importer's chosen status (draft unless seeding).
        if isinstance(instance, ReviewableModel) and instance.pk is None:
            instance.status = self.initial_status
            if self.by is not None and getattr(self.by, "pk", None):
                instance.submitted_by = self.by

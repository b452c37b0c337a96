"""The shape of a statistic's declaration."""

from dataclasses import dataclass, field

from django.apps import apps

# Where and when every figure is: the start of each statistic's cell (kb/models/base.py: StatisticalRecord).
BASE_CELL = ("area", "admin_area", "period_start", "period_end")


@dataclass(frozen=True)
class Column:
    """One of a statistic's own fields, as a file column and an API field; also one column of any other import
    mapping (kb/services/imports/base.py: declared_resource)."""

    name: str  # the model field
    hxl: str | None = None  # its HXL hashtag in files (None: no tag)
    required: bool = False  # an import row must fill it
    column: str | None = None  # the file column, where it is not the field's name (a code for a foreign key)

    @property
    def column_name(self) -> str:
        return self.column or self.name


@dataclass(frozen=True)
class Statistic:
    """Everything the layers above the model need to know about one statistic's fields, declared once.

    The fields every statistic shares (area, admin area, period, preference, qualifiers, status, source, notes) are
    not listed: each consumer adds them around `columns` in its own fixed order."""

    resource: str  # the route prefix under /api/v1/, the import/export resource and the change feed's name
    basename: str  # the route's name (reverse("casualty-list"))
    model_label: str  # "kb.CasualtyRecord"
    columns: tuple[Column, ...]  # the statistic's own fields, in file and API order
    dimensions: tuple[str, ...] = ()  # the cell beyond area, admin area and period (one record per cell and source)
    figures: tuple[str, ...] = ()  # the numbers a qualifier ("at least") may hedge
    filters: tuple[str, ...] = ()  # API filters beyond the shared ones, in the order the API lists them
    listed: tuple[str, ...] = ()  # the admin change list's figures cell; the other non-cell columns follow in the form
    admin_filters: tuple[str, ...] = field(default=())  # admin list filters beyond the shared ones

    def __post_init__(self):
        names = self.names
        for group in ("dimensions", "figures", "filters", "listed", "admin_filters"):
            unknown = set(getattr(self, group)) - set(names)
            if unknown:
                raise ValueError(f"{self.resource}: {group} names no column: {sorted(unknown)}")

    @property
    def model(self):
        return apps.get_model(self.model_label)

    @property
    def names(self) -> tuple[str, ...]:
        """The statistic's own fields, in order."""
        return tuple(column.name for column in self.columns)

    @property
    def cell(self) -> tuple[str, ...]:
        return (*BASE_CELL, *self.dimensions)

    @property
    def details(self) -> tuple[str, ...]:
        """Own fields outside the cell: the figures and what describes them."""
        return tuple(name for name in self.names if name not in self.dimensions)

    @property
    def unlisted(self) -> tuple[str, ...]:
        """Fields of the admin form's figures section that the change list does not show."""
        return tuple(name for name in self.details if name not in self.listed)

    @property
    def breakdowns(self) -> tuple[str, ...]:
        """Dimensions whose empty value means "all" (not broken down by it): nullable choices."""
        model = self.model
        return tuple(
            name for name in self.dimensions if model._meta.get_field(name).choices and model._meta.get_field(name).null
        )

    @property
    def relations(self) -> tuple[str, ...]:
        """Own fields that point to another record (an organisation, a state)."""
        model = self.model
        return tuple(name for name in self.names if model._meta.get_field(name).is_relation)

    @property
    def hxl(self) -> dict[str, str]:
        """HXL hashtags of the own columns, by column name."""
        return {column.column_name: column.hxl for column in self.columns if column.hxl}

    @property
    def required(self) -> tuple[str, ...]:
        """Own columns an import row must fill, by column name."""
        return tuple(column.column_name for column in self.columns if column.required)

    def label(self, name: str) -> str:
        """A field's label (its model field's verbose name, translated)."""
        return self.model._meta.get_field(name).verbose_name


# A breakdown by device is text, never a count: #affected and #output are for numbers.
DEVICE_HXL = "#group+device"

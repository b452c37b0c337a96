"""Shared admin pieces: citations inline, reviewable-record defaults."""

from django.contrib import admin
from django.contrib.contenttypes.admin import GenericTabularInline
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from kb.admin.columns import EMPTY, choices_cell, figures_cell
from kb.admin.filters import AREA_NAME_SEARCH, AutocompleteFilter, ReadableLookupsMixin
from kb.admin.messages import MSG_ONE_PER_CELL, MSG_PREFERRED
from kb.admin.search import RelatedSearchMixin
from kb.admin.widgets import (
    MSG_QUALIFIER_UNREPORTED,
    MSG_QUALIFIERS_HELP,
    QUALIFIER_PREFIX,
    PeriodField,
    qualifier_fields,
    qualifiers_text,
)
from kb.admin.workflow import (
    ImportExportAdminMixin,
    VersionCheckedForm,
    WorkflowAdminMixin,
    reviewer_action_asking_a_reason,
)
from kb.models import Citation
from kb.services.figures import (
    MSG_REASON_REQUIRED,
    figure_cell_filter,
    figure_make_preferred,
    figure_preference_check,
    figures_delete,
)
from kb.statistics.base import Statistic


class CitationInline(GenericTabularInline):
    model = Citation
    extra = 0
    fields = ["source", "locator", "quote"]
    autocomplete_fields = ["source"]
    verbose_name = _("further citation")
    verbose_name_plural = _("further citations")


class ReviewableAdmin(
    ReadableLookupsMixin, RelatedSearchMixin, WorkflowAdminMixin, ImportExportAdminMixin, admin.ModelAdmin
):
    """Review fields are shown, not typed: the workflow services change them."""

    review_readonly_fields = [
        "status",
        "status_changed_at",
        "submitted_by",
        "reviewed_by",
        "retraction_reason",
        "version",
    ]
    review_fieldset = (_("Review"), {"fields": review_readonly_fields, "classes": ["collapse"]})
    change_fieldset = (_("This change"), {"fields": ["change_reason", "seen_version"]})
    citation_fieldset = (_("Source"), {"fields": ["source", "source_locator", "source_quote"]})
    inlines = [CitationInline]

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), *self.review_readonly_fields]

    @admin.display(description=_("source"), ordering="source__slug")
    def source_slug(self, obj):
        return format_html('<span title="{}">{}</span>', obj.source.title, obj.source.slug) if obj.source else EMPTY


class StatisticalRecordForm(VersionCheckedForm):
    """The period as a precision plus dates and each qualifier as a choice; stored as before (period_kind,
    period_start, period_end and the `qualifiers` object). Subclassed per model with its qualifier fields
    (StatisticalAdmin.get_form)."""

    PERIOD_FIELDS = {"period_kind", "period_start", "period_end"}

    period = PeriodField(
        label=capfirst(_("period")),
        help_text=_(
            "Choose what the figure covers, then type the year (2018), the month (2025-12) or the date (2021-12-31); "
            "a date range also needs its last day."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial.setdefault("period", self.instance.period)
        for figure in getattr(self.instance, "figure_fields", ()):
            self.initial.setdefault(QUALIFIER_PREFIX + figure, (self.instance.qualifiers or {}).get(figure, ""))

    def clean(self):
        cleaned = super().clean()
        newly_preferred = cleaned.get("is_preferred") and not (self.instance.pk and self.initial.get("is_preferred"))
        if newly_preferred and not (cleaned.get("preference_reason") or "").strip():
            self.add_error("preference_reason", MSG_REASON_REQUIRED)
        for figure in self.instance.figure_fields:
            if cleaned.get(QUALIFIER_PREFIX + figure) and figure in self.fields and cleaned.get(figure) is None:
                label = self.instance._meta.get_field(figure).verbose_name
                self.add_error(QUALIFIER_PREFIX + figure, MSG_QUALIFIER_UNREPORTED % {"figure": label})
        return cleaned

    def qualifiers(self) -> dict[str, str]:
        """The chosen qualifiers of reported figures, as stored: {"total": "at_least"}."""
        chosen = {}
        for figure in self.instance.figure_fields:
            qualifier = self.cleaned_data.get(QUALIFIER_PREFIX + figure)
            reported = self.cleaned_data[figure] if figure in self.cleaned_data else getattr(self.instance, figure)
            if qualifier and reported is not None:
                chosen[figure] = qualifier
        return chosen

    def _post_clean(self):
        # Ticking "preferred" demotes the cell's other preferred figure on save (StatisticalAdmin.save_model).
        self.instance._preference_settled_on_save = True
        self.instance.qualifiers = self.qualifiers()
        period = self.cleaned_data.get("period")
        if period:
            self.instance.period_kind, self.instance.period_start, self.instance.period_end = (
                period.kind,
                period.start,
                period.end,
            )
        super()._post_clean()
        try:
            figure_preference_check(self.instance, requested=self.preference_requested(), by=self.acting_user)
        except ValidationError as exc:
            self.add_error("is_preferred", exc.message_dict["preferred"])

    acting_user = None

    def preference_requested(self) -> bool | None:
        """Ticked: preferred; unticked on a stored figure: not; a new figure left unticked: the cell decides."""
        return True if self.instance.is_preferred else (False if self.instance.pk else None)

    def _get_validation_exclusions(self):
        # The period fields and qualifiers are set from their form fields, so the model's rules on them still apply.
        # A period that did not parse already has its error; its fields' "cannot be null" would only repeat it.
        exclusions = super()._get_validation_exclusions() - {"qualifiers"}
        return exclusions - self.PERIOD_FIELDS if self.cleaned_data.get("period") else exclusions

    def add_error(self, field, error):
        # Errors of the hidden period fields belong to the visible `period` field, the model's qualifier errors to
        # the form as a whole (the qualifier choices have field errors of their own, see clean()).
        field = self._visible_field(field)
        if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
            moved = {}
            for name, messages in error.error_dict.items():
                moved.setdefault(self._visible_field(name) or NON_FIELD_ERRORS, []).extend(messages)
            error = ValidationError(moved)
        super().add_error(field, error)

    def _visible_field(self, name):
        return "period" if name in self.PERIOD_FIELDS else (None if name == "qualifiers" else name)


def _two_of_one_cell(queryset) -> list[str]:
    """One preferred figure a cell: of two chosen in one cell, the second would demote the first while the message
    counted both as preferred."""
    cells: dict[tuple, list] = {}
    for record in queryset.select_related("source"):
        cells.setdefault(tuple(figure_cell_filter(record).items()), []).append(record)
    return [
        MSG_ONE_PER_CELL % {"figures": ", ".join(f"{record} ({record.source.slug})" for record in chosen)}
        for chosen in cells.values()
        if len(chosen) > 1
    ]


make_preferred = reviewer_action_asking_a_reason(
    "make_preferred",
    figure_make_preferred,
    MSG_PREFERRED,
    description=_("Make preferred (asks for a reason)"),
    title=_("Make figures preferred"),
    intro=_(
        "Each figure becomes the one served for its cell; the figure it replaces is kept. The reason is stored "
        "with the figure and in the history of both."
    ),
    button=_("Make preferred"),
    refuse=_two_of_one_cell,
)


class StatisticalAdmin(ReviewableAdmin):
    """Admin of a statistic: the list shows where, when, the figures, the source and the review state."""

    form = StatisticalRecordForm
    # The statistic's declaration (kb/statistics/): the cell, the figures the list shows and the rest of the form's
    # figures, the list filters and the related records come from it (__init_subclass__).
    statistic: Statistic | None = None
    figure_columns: list[str] = []
    dimension_fields: list[str] = []
    list_filter = [
        "status",
        "is_preferred",
        "year",
        "area__kind",
        ("area", AutocompleteFilter),
        ("source", AutocompleteFilter),
    ]
    list_select_related = ["area", "admin_area", "source"]
    search_fields = [*AREA_NAME_SEARCH, "area__code", "source__title", "source__slug", "notes"]
    autocomplete_fields = ["area", "admin_area", "source"]
    date_hierarchy = "period_start"
    actions = [*WorkflowAdminMixin.actions, make_preferred]

    list_figures: list[str] | dict = []  # the figures the list shows in one cell (default: figure_columns), as
    # names or {name: short label}
    list_extra_columns: list[str] = []

    def delete_model(self, request, obj):
        figures_delete(type(obj)._default_manager.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        figures_delete(queryset)

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        statistic = cls.__dict__.get("statistic")
        if statistic is None:
            return
        relations = statistic.relations
        cls.dimension_fields = list(statistic.dimensions)
        cls.figure_columns = list(statistic.listed)
        cls.extra_figure_fields = list(statistic.unlisted)
        cls.list_filter = [
            *StatisticalAdmin.list_filter,
            *((name, AutocompleteFilter) if name in relations else name for name in statistic.admin_filters),
        ]
        cls.list_select_related = [*StatisticalAdmin.list_select_related, *relations]
        cls.autocomplete_fields = [*StatisticalAdmin.autocomplete_fields, *relations]

    def get_list_display(self, request):
        # One cell each for the breakdown and the figures, so the list fits a laptop screen (kb/admin/columns.py).
        return [
            "area",
            "period_label",
            *(["breakdown"] if self.dimension_fields else []),
            "figures",
            *self.list_extra_columns,
            "source_slug",
            "is_preferred",
            "status",
            "shown_version",
        ]

    @admin.display(description=_("breakdown"))
    def breakdown(self, obj):
        return choices_cell(obj, self.dimension_fields)

    @admin.display(description=_("figures"))
    def figures(self, obj):
        return figures_cell(obj, self.list_figures or self.figure_columns)

    def get_fieldsets(self, request, obj=None):
        qualifiers = [QUALIFIER_PREFIX + figure for figure in self.model.figure_fields]
        if qualifiers and obj is not None and not self.has_change_permission(request, obj):
            qualifiers = ["qualifiers_shown"]  # read-only: the qualifiers in words
        return [
            (None, {"fields": ["area", "admin_area", "period", *self.dimension_fields]}),
            (_("Figures"), {"fields": [*self.figure_columns, *self.extra_figure_fields, "notes"]}),
            *([(_("Qualifiers"), {"fields": qualifiers, "description": MSG_QUALIFIERS_HELP})] if qualifiers else []),
            (_("Preference"), {"fields": ["is_preferred", "preference_reason"]}),
            ReviewableAdmin.citation_fieldset,
            ReviewableAdmin.review_fieldset,
            ReviewableAdmin.change_fieldset,
        ]

    extra_figure_fields: list[str] = []

    @admin.display(description=_("qualifiers"))
    def qualifiers_shown(self, obj):
        return qualifiers_text(obj) or "-"

    def __init__(self, model, admin_site):
        super().__init__(model, admin_site)
        # The model's qualifier choices are declared fields of a subclass, so the admin may list them in fieldsets.
        self.form = type(self.form.__name__, (self.form,), qualifier_fields(model))

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.acting_user = request.user  # a class made for this request: the preference check needs the user
        return form

    def preference_requested(self, form) -> bool | None:
        return form.preference_requested()

    @admin.display(description=_("period"), ordering="period_start")
    def period_label(self, obj):
        return obj.period

"""Change-list filters that suit long lists: a searchable box instead of every country, source or organisation.

The box is Django's own admin autocomplete (select2 and the `admin:autocomplete` view, which searches the related
admin's `search_fields`), so it needs no other library and loads nothing from another host."""

from django import forms
from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import PAGE_VAR
from django.contrib.admin.widgets import AutocompleteSelect
from django.forms import Media

# A country is searched by the name the list shows in the staff member's language, not only by its English one.
AREA_NAME_SEARCH = ["area__name", "area__name_uk", "area__name_ru"]


class ReadableLookupsMixin:
    """A change list whose address cannot be read is Django's "invalid lookup" (a redirect to `?e=1`), never a 500:
    the date drill-down lets an OverflowError through for a year like 99999999999."""

    def get_changelist_instance(self, request):
        try:
            return super().get_changelist_instance(request)
        except OverflowError as exc:
            raise IncorrectLookupParameters(exc) from exc


class AutocompleteFilter(admin.RelatedFieldListFilter):
    """Filter by one related record, chosen by typing part of its name; other filters in the address are kept.

    Use as `list_filter = [("area", AutocompleteFilter)]`; the related model's admin needs `search_fields`."""

    template = "admin/kb/autocomplete_filter.html"

    def __init__(self, field, request, params, model, model_admin, field_path):
        self.model_admin = model_admin
        super().__init__(field, request, params, model, model_admin, field_path)

    def field_choices(self, field, request, model_admin):
        return []  # the options come from the autocomplete view as the user types, never the whole table

    def has_output(self):
        return True

    def get_facet_counts(self, pk_attname, filtered_qs):
        return {}

    @property
    def media(self) -> Media:
        return self._widget().media + Media(js=["kb/admin-filters.js"])

    def _widget(self) -> AutocompleteSelect:
        return AutocompleteSelect(self.field, self.model_admin.admin_site, attrs={"class": "kb-autocomplete-filter"})

    def choices(self, changelist):
        """One entry: the box with the chosen record, and the rest of the address as hidden fields."""
        remote = self.field.remote_field.model
        chooser = forms.ModelChoiceField(queryset=remote._default_manager.all(), required=False, widget=self._widget())
        value = (self.lookup_val or [""])[-1]
        keep = [
            (name, item)
            for name, values in changelist.params.items()
            if name not in (self.lookup_kwarg, self.lookup_kwarg_isnull, PAGE_VAR)
            for item in (values if isinstance(values, list) else [values])
        ]
        yield {
            "widget": chooser.widget.render(self.lookup_kwarg, value, attrs={"id": f"filter_{self.lookup_kwarg}"}),
            "hidden": keep,
            "selected": bool(value),
            "clear_query_string": changelist.get_query_string(remove=[self.lookup_kwarg, self.lookup_kwarg_isnull]),
        }


def filter_media(changelist) -> Media:
    """The scripts and styles the change list's autocomplete filters need (empty when it has none)."""
    media = Media()
    for spec in getattr(changelist, "filter_specs", []):
        if isinstance(spec, AutocompleteFilter):
            media += spec.media
    return media

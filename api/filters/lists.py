"""What partners' tools expect of every list's filters (OCHA HDX HAPI, ReliefWeb, ACLED):

- codes in any case: `?area=ukr` is `?area=UKR` (countries, sources, treaties, organisations, p-codes);
- a comma-separated list for every code and choice filter: `?area__in=UKR,POL`, `?sex__in=female,male`;
- `updated_since`: the records changed after a moment, read from the history as the change feed reads it.

KbFilterSet adds the `__in` twin of each code and choice filter a FilterSet declares, so no list is written by hand;
the strict parameter check and the OpenAPI schema read them from the FilterSet like any other filter."""

import copy

import django_filters
from django import forms
from django.db.models import Model, Q, QuerySet
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from api.params import MSG_AS_OF
from kb.services.history import event_model_for, moment_parse

# KbFilterSet.get_form_class's forms, by FilterSet, model and language: a bounded set.
FORM_CLASSES: dict = {}


def canonical_key(queryset, key: str, value):
    """The stored spelling of `value` in `key` when exactly one row matches it in any case; else `value`."""
    if not isinstance(value, str) or not value:
        return value
    found = list(queryset.filter(**{f"{key}__iexact": value}).values_list(key, flat=True)[:2])
    return found[0] if len(found) == 1 else value


# Records found by their code (CodeChoiceField `per_stamp`) under one data stamp (api/caching.py): every write moves
# the stamp, so a record found under it is the record as stored until the stamp moves, when the whole set is dropped.
_FOUND_UNDER: tuple[str | None, dict] = (None, {})
FOUND_LIMIT = 2000  # codes kept under one stamp (countries and other areas number a few hundred)


def found_under_stamp(stamp: str, key: tuple):
    held, found = _FOUND_UNDER
    return found.get(key) if held == stamp else None


def keep_under_stamp(stamp: str, key: tuple, record) -> None:
    global _FOUND_UNDER
    held, found = _FOUND_UNDER
    if held != stamp or len(found) >= FOUND_LIMIT:
        found = {}
        _FOUND_UNDER = (stamp, found)  # one assignment: a thread sees the old set or the new one
    found[key] = record


class CodeChoiceField(forms.ModelChoiceField):
    """`per_stamp`: a code found once is not looked up again while the data stamp the request read (`stamp`, set by
    KbFilterSet.form) stands, a statement a request saved; only for records every reader may see as stored."""

    def __init__(self, *args, per_stamp: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.per_stamp, self.stamp = per_stamp, None

    def to_python(self, value):
        key = (self.queryset.model, self.to_field_name, value)
        found = found_under_stamp(self.stamp, key) if self.per_stamp and self.stamp else None
        if found is not None:
            return found
        try:  # the code as stored costs no extra query
            found = super().to_python(value)
        except forms.ValidationError:  # in another case (`syr`): kept under what was typed, as the stored code is
            found = super().to_python(canonical_key(self.queryset, self.to_field_name, value))
        if found is not None and self.per_stamp and self.stamp:
            keep_under_stamp(self.stamp, key, found)
        return found


class CodeListField(forms.ModelMultipleChoiceField):
    """`UKR,pol`: the rows with these codes (any case); an unknown code is an error naming it."""

    def clean(self, value):
        items = [part.strip() for raw in value or [] for part in str(raw).split(",") if part.strip()]
        if not items and not self.required:  # Django's empty answer, queryset.none(), costs a compiled query to test
            return []
        try:  # the codes as stored: one query for all of them
            return super().clean(items)
        except forms.ValidationError:  # some in another case: each found as canonical_key finds it
            return super().clean([canonical_key(self.queryset, self.to_field_name, item) for item in items])


class CodeFilter(django_filters.ModelChoiceFilter):
    """A related record by its natural key (ISO3 code, slug, name), in any case."""

    field_class = CodeChoiceField


class CodeInFilter(django_filters.ModelMultipleChoiceFilter):
    field_class = CodeListField

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.filter(**{f"{self.field_name}__in": list(value)})


class UpperCaseCharFilter(django_filters.CharFilter):
    """A code stored in capitals (p-codes): `ua14` is `UA14`."""

    def filter(self, qs, value):
        return super().filter(qs, value.strip().upper() if value else value)


class UpperCaseInFilter(django_filters.BaseInFilter, django_filters.CharFilter):
    def filter(self, qs, value):
        return super().filter(qs, [v.strip().upper() for v in value] if value else value)


class ChoiceInFilter(django_filters.BaseInFilter, django_filters.ChoiceFilter):
    """Several values of a choice; for a breakdown dimension `all` means "not broken down by it" (null)."""

    def __init__(self, *args, not_broken_down: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.not_broken_down = not_broken_down

    def filter(self, qs, value):
        if not value:
            return qs
        values = [v for v in value if v != self.not_broken_down]
        condition = Q(**{f"{self.field_name}__in": values})
        if len(values) < len(value):
            condition |= Q(**{f"{self.field_name}__isnull": True})
        return qs.filter(condition).distinct() if self.distinct else qs.filter(condition)


class MomentField(forms.CharField):
    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        try:
            return moment_parse(value)
        except ValueError:
            raise forms.ValidationError(MSG_AS_OF) from None


@extend_schema_field(OpenApiTypes.STR)  # a date or a date-time
class UpdatedSinceFilter(django_filters.Filter):
    """Records with a history event (created, changed, published, or changed by what they show) after a moment."""

    field_class = MomentField

    def filter(self, qs, value):
        if value is None:
            return qs
        model = self.parent._meta.model
        changed = event_model_for(model).objects.filter(pgh_created_at__gt=value)
        if (as_of := self._as_of()) is not None:  # the list as it stood then: later changes are not known yet
            changed = changed.filter(pgh_created_at__lte=as_of)
        # `id`, not pk: as-of snapshots (event rows) carry the record id as `id`
        return qs.filter(id__in=changed.values("pgh_obj_id"))

    def _as_of(self):
        try:
            return moment_parse(self.parent.data.get("as_of") or "")
        except ValueError:
            return None  # no as_of, or a bad one, which the view refuses


def in_list_filter(declared) -> django_filters.Filter | None:
    """The `__in` twin of a code or choice filter, or None for other filters."""
    label = _("Comma-separated list: any of these.")
    if isinstance(declared, django_filters.ModelChoiceFilter) and declared.extra.get("to_field_name"):
        return CodeInFilter(
            field_name=declared.field_name,
            queryset=declared.extra["queryset"],
            to_field_name=declared.extra["to_field_name"],
            error_messages=declared.extra.get("error_messages"),
            help_text=label,
        )
    if isinstance(declared, UpperCaseCharFilter):
        return UpperCaseInFilter(field_name=declared.field_name, lookup_expr="in", help_text=label)
    if isinstance(declared, django_filters.ChoiceFilter) and not declared.method:
        choices = [(value, name) for value, name in declared.extra["choices"]]
        return ChoiceInFilter(
            field_name=declared.field_name,
            choices=choices,
            not_broken_down=getattr(declared, "not_broken_down", None),
            lookup_expr="in",
            help_text=label,
        )
    return None


MSG_UNKNOWN = _("Unknown value '%(value)s'.")


def _visible(record: Model, user) -> bool:
    """May `user` see `record`? Records of models without a visibility rule (areas, organisations) are public."""
    manager = type(record)._default_manager
    if not hasattr(manager, "visible_to"):
        return True
    return manager.visible_to(user).filter(pk=record.pk).exists()


class KbFilterSet(django_filters.FilterSet):
    """Base of every list's FilterSet: `updated_since`, and an `__in` list beside each code and choice filter."""

    updated_since = UpdatedSinceFilter(
        help_text=_(
            "A date (end of that day, UTC) or ISO 8601 date-time: only records changed after it, read from the history "
            "as changes/ reads it (edits, publication, and changes to the source, area or organisation they show)."
        )
    )

    def __init__(self, data=None, *args, **kwargs):
        # django-filter deep-copies every filter, and the form every field, on each request: about 1,300 copies
        # (filters hold querysets and lazy texts), milliseconds a request. A filter absent from the query string
        # filters nothing, so only the filters asked for are copied (an instance attribute shadowing the class's).
        if data is not None:
            self.base_filters = {name: found for name, found in self.base_filters.items() if name in data}
        super().__init__(data, *args, **kwargs)

    def is_valid(self):
        """Valid, and no value names a record the requester may not see (a proposed source): that is answered as an
        unknown one, so a filter never tells whether something unpublished exists."""
        if not super().is_valid():
            return False
        user = getattr(self.request, "user", None)
        for name, value in list(self.form.cleaned_data.items()):
            for found in value if isinstance(value, (list, tuple, QuerySet)) else [value]:
                if isinstance(found, Model) and not _visible(found, user):
                    extra = self.filters[name].extra
                    message = extra.get("error_messages", {}).get("invalid_choice", MSG_UNKNOWN)
                    key = str(getattr(found, extra.get("to_field_name") or "pk")).casefold()
                    typed = [v for v in str(self.data.get(name, "")).split(",") if v.strip().casefold() == key]
                    # As typed, as for a value that does not exist: the answer must not differ at all.
                    shown = typed[0] if typed else self.data.get(name)
                    self.form.add_error(name, forms.ValidationError(message, params={"value": shown}))
                    break
        return not self.form.errors

    @property
    def form(self):
        """The form, its code fields told the data stamp the request reads under (CodeChoiceField `per_stamp`)."""
        if not hasattr(self, "_form"):
            stamp = getattr(self.request, "kb_data_stamp", None)
            for field in super().form.fields.values():
                if isinstance(field, CodeChoiceField):
                    field.stamp = stamp
        return self._form

    def get_form_class(self):
        """A form of the filters asked for, built from the form class made once per FilterSet, model (as-of lists
        filter history rows) and language (its labels are translated) with a field for every filter: making that
        builds every form field. A form copies its class's fields, and no field here depends on the request."""
        key = (type(self), self.queryset.model, get_language())
        whole = FORM_CLASSES.get(key)
        if whole is None:
            every = copy.deepcopy(type(self).base_filters)
            for found in every.values():  # as django-filter's __init__ prepares its copies
                found.model, found.parent = self.queryset.model, self
            fields = {name: found.field for name, found in every.items()}
            whole = FORM_CLASSES[key] = type(f"{type(self).__name__}Form", (self._meta.form,), fields)
        if self.filters.keys() == whole.base_fields.keys():
            return whole
        return type(whole.__name__, (self._meta.form,), {name: whole.base_fields[name] for name in self.filters})

    @classmethod
    def get_filters(cls):
        filters = super().get_filters()
        for name, declared in list(filters.items()):
            twin = in_list_filter(declared) if f"{name}__in" not in filters else None
            if twin is not None:
                twin.model = cls._meta.model
                filters[f"{name}__in"] = twin
        return filters

"""Saving and removing staff members' saved change-list filters."""

from collections.abc import Collection

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.http import QueryDict

from kb.models import SavedFilter


def saved_filter_querystring_clean(*, querystring: str, allowed: Collection[str]) -> str:
    """Keep only the parameters the change list itself reads (its filters, search, ordering, date drill-down), in
    a stable order: page numbers, popup flags and a change form's return address are not part of a selection."""
    params = QueryDict(querystring.lstrip("?"), mutable=True)
    kept = QueryDict(mutable=True)
    for key in sorted(params):
        if key in allowed:
            kept.setlist(key, [value for value in params.getlist(key) if value != ""])
    return kept.urlencode()


def saved_filter_save(
    *, by: AbstractBaseUser, model_label: str, name: str, querystring: str, allowed: Collection[str], shared: bool
) -> tuple[SavedFilter, bool]:
    """Save the selection under `name`, replacing the user's filter of that name on the same list; returns the
    filter and whether it is new."""
    with transaction.atomic():
        saved = SavedFilter.objects.select_for_update().filter(user=by, model_label=model_label, name=name).first()
        created = saved is None
        if created:
            saved = SavedFilter(user=by, model_label=model_label, name=name.strip())
        saved.querystring = saved_filter_querystring_clean(querystring=querystring, allowed=allowed)
        saved.shared = shared
        saved.full_clean()
        saved.save()
    return saved, created

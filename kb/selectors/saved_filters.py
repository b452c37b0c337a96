"""Which saved filters a staff member is offered on a change list."""

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Q, QuerySet

from kb.models import SavedFilter


def saved_filter_list(*, user: AbstractBaseUser, model_label: str) -> QuerySet[SavedFilter]:
    """The user's own filters for the list and the ones others shared, by name."""
    return (
        SavedFilter.objects.filter(Q(user=user) | Q(shared=True), model_label=model_label)
        .select_related("user")
        .order_by("name", "pk")
    )

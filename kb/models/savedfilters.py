"""Saved filters: a staff member's named selections of a change list (filters, search, ordering)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

# Parameters the admin adds to a change list's address for its own bookkeeping (popups, paging, error flags, the
# filters a change form returns to): none of them is part of a selection, so none is ever stored.
NOT_A_FILTER_PARAMS = ("_changelist_filters", "_popup", "_to_field", "p", "e", "all")


class SavedFilter(models.Model):
    """One named selection of one model's change list, saved by one staff member to re-apply later. Shared ones are
    offered to every staff member who can see that list. Not tracked by history: a personal shortcut, not data."""

    user = models.ForeignKey(
        to=settings.AUTH_USER_MODEL,
        verbose_name=_("saved by"),
        on_delete=models.CASCADE,
        related_name="saved_filters",
    )
    model_label = models.CharField(
        verbose_name=_("list"),
        max_length=100,
        help_text=_("The change list the filter belongs to, as app_label.model_name (e.g. kb.casualtyrecord)."),
    )
    name = models.CharField(
        verbose_name=_("name"),
        max_length=100,
    )
    shared = models.BooleanField(
        verbose_name=_("shared"),
        default=False,
        help_text=_("Offered to every staff member who can see this list, not only to you."),
    )
    querystring = models.CharField(
        verbose_name=_("filters"),
        max_length=2000,
        blank=True,
        help_text=_("The change list's own parameters (filters, search, ordering), without a leading '?'."),
    )
    created_at = models.DateTimeField(
        verbose_name=_("created at"),
        auto_now_add=True,
    )

    class Meta:
        ordering = ["model_label", "name"]
        verbose_name = _("saved filter")
        verbose_name_plural = _("saved filters")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "model_label", "name"],
                name="%(app_label)s_%(class)s_unique_name",
                violation_error_message=_("You already have a saved filter of this name for this list."),
            ),
            models.CheckConstraint(
                condition=~Q(name=""),
                name="%(app_label)s_%(class)s_name_not_empty",
                violation_error_message=_("Give the filter a name."),
            ),
            models.CheckConstraint(
                condition=~Q(querystring__startswith="?")
                & ~Q(querystring__regex=r"(^|&)(" + "|".join(NOT_A_FILTER_PARAMS) + r")="),
                name="%(app_label)s_%(class)s_querystring_clean",
                violation_error_message=_("Only the change list's own filters, search and ordering are saved."),
            ),
        ]
        indexes = [
            # WHERE model_label = %s AND (user_id = %s OR shared): the block above each change list.
            models.Index(fields=["model_label", "user"], name="kb_savedfilter_list_idx"),
        ]

    def __str__(self) -> str:
        return self.name

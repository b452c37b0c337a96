"""Shared queryset vocabulary (not workflows)."""

from django.apps import apps
from django.db import models

from kb.choices import ReviewStatusChoices


class SourceQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Staff see every source; a partner also the sources it proposed; everyone else the reviewed ones."""
        if user is not None and user.is_authenticated:
            if user.is_staff:
                return self
            return self.filter(models.Q(reviewed=True) | models.Q(proposed_by=user))
        return self.filter(reviewed=True)

    def nameable_by(self, writer):
        """The sources a writer may name by slug: those it may see; a trusted operator (`None`) any."""
        return self if writer is None else self.visible_to(writer)


class ReviewableQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=ReviewStatusChoices.PUBLISHED)

    def visible_to(self, user):
        """Staff see every record; a partner sees published records and its own submissions, also once staff have
        submitted or returned them (which changes `submitted_by`, not the partner); everyone else sees published
        records only."""
        if user is not None and user.is_authenticated:
            if user.is_staff:
                return self
            own = apps.get_model("kb", "PartnerToken").objects.filter(user=user).values("organisation")
            return self.filter(
                models.Q(status=ReviewStatusChoices.PUBLISHED)
                | models.Q(submitted_by=user)
                | models.Q(partner_organisation__in=own)
            )
        return self.published()

"""Shared queryset vocabulary (not workflows)."""

from django.db import models

from kb.choices import ReviewStatusChoices


class SourceQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Staff see every source; everyone else the reviewed ones."""
        if user is not None and user.is_authenticated and user.is_staff:
            return self
        return self.filter(reviewed=True)


class ReviewableQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=ReviewStatusChoices.PUBLISHED)

    def visible_to(self, user):
        """Staff see every record; a partner sees published records and its own submissions; everyone else sees
        published records only."""
        if user is not None and user.is_authenticated:
            if user.is_staff:
                return self
            return self.filter(models.Q(status=ReviewStatusChoices.PUBLISHED) | models.Q(submitted_by=user))
        return self.published()

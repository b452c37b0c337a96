"""Shared queryset vocabulary (not workflows)."""

from django.db import models

from kb.choices import ReviewStatusChoices


class ReviewableQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=ReviewStatusChoices.PUBLISHED)

    def visible_to(self, user):
        """Staff see every record; everyone else sees published records only."""
        if user is not None and user.is_authenticated and user.is_staff:
            return self
        return self.published()

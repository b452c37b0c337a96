"""Indexes shared by several models."""

from django.db import models
from django.db.models import Q


def public_list_index(name: str) -> models.Index:
    """For a statistic's public list (published, preferred figures) filtered by area and a year range, its count and
    its ETag: `WHERE status = 'published' AND is_preferred AND area_id = $1 AND year BETWEEN $2 AND $3`. The columns
    they read besides (the order's period_start and id, the ETag's updated_at) are kept in the index too, so PostgreSQL
    answers from the index alone; reading each matching row from the table took most of the count's time."""
    return models.Index(
        fields=["area", "year"],
        include=["period_start", "id", "updated_at"],
        condition=Q(status="published", is_preferred=True),
        name=name,
    )

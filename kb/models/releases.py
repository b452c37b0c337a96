"""Releases: dated, named, frozen snapshots of every public resource, packaged as a Frictionless Data Package."""

import pghistory
import pgtrigger
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kb.models.fields import pattern_constraint

# What a release may be called: "2026-12", "2027-q1", "v3.1" (it names the archive and appears in URLs).
RELEASE_NAME_PATTERN = r"^[a-z0-9][a-z0-9._-]{0,39}$"


# Only inserts are recorded: the database refuses any other change. The archive itself is not copied into the
# history (it is the row's own, frozen content).
@pghistory.track(pghistory.InsertEvent(), exclude=["archive", "records"])
class Release(models.Model):
    """One published release: every public resource as published at `as_of`, in one archive (datapackage.json, a
    CSV per resource, checksums, licence, how to cite). Once written, a release never changes: the database refuses
    every update and delete of the row, so a citation of "release 2026-12" always means the same bytes."""

    name = models.CharField(
        verbose_name=_("name"),
        max_length=40,
        unique=True,
        help_text=_("How partners cite it, e.g. 2026-12: lower-case letters, digits, '.', '_' and '-'."),
    )
    title = models.CharField(
        verbose_name=_("title"),
        max_length=200,
        blank=True,
    )
    as_of = models.DateTimeField(
        verbose_name=_("as of"),
        help_text=_("The moment frozen: the release holds what the knowledge base published then."),
    )
    published_at = models.DateTimeField(
        verbose_name=_("published at"),
        default=timezone.now,
    )
    # The username as text, not a foreign key: a frozen row cannot follow a user's deletion.
    published_by = models.CharField(
        verbose_name=_("published by"),
        max_length=150,
        blank=True,
    )
    archive = models.BinaryField(
        verbose_name=_("archive"),
        help_text=_("The zip archive partners download."),
    )
    archive_sha256 = models.CharField(
        verbose_name=_("archive SHA-256"),
        max_length=64,
    )
    datapackage = models.JSONField(
        verbose_name=_("datapackage.json"),
        help_text=_("The Data Package descriptor inside the archive."),
    )
    records = models.JSONField(
        verbose_name=_("records"),
        help_text=_("Per resource, each record's id and the history event of the state released (for diffs)."),
    )

    class Meta:
        ordering = ["-as_of", "-published_at"]
        verbose_name = _("release")
        verbose_name_plural = _("releases")
        permissions = [("publish_release", "Can publish a data release")]
        triggers = [
            pgtrigger.Protect(name="frozen", operation=pgtrigger.Update | pgtrigger.Delete),
        ]
        constraints = [
            pattern_constraint(
                "name",
                RELEASE_NAME_PATTERN,
                "name_format",
                _("A release name is lower-case letters, digits, '.', '_' and '-' (e.g. 2026-12)."),
            ),
            models.CheckConstraint(
                condition=Q(as_of__lte=F("published_at")),
                name="%(app_label)s_%(class)s_as_of_not_after_publication",
                violation_error_message=_("A release cannot freeze a moment after its publication."),
            ),
            pattern_constraint(
                "archive_sha256", r"^[0-9a-f]{64}$", "sha256_hex", _("The archive checksum is 64 hexadecimal digits.")
            ),
        ]
        indexes = [
            # the releases/ list, newest first
            models.Index(fields=["-as_of", "-published_at"], name="kb_release_recent_idx"),
        ]

    def __str__(self) -> str:
        return self.name

"""Confirmation messages of admin actions as sentences, counted in each language's plural forms.

The `%(count)d` messages are lazy plurals keyed on "count": `MSG % {"count": n}` picks the form for n."""

from django.utils.html import format_html
from django.utils.translation import gettext, gettext_lazy, ngettext, ngettext_lazy

MSG_SUBMITTED = ngettext_lazy(
    "%(count)d record submitted for review.", "%(count)d records submitted for review.", "count"
)
MSG_PUBLISHED = ngettext_lazy("%(count)d record published.", "%(count)d records published.", "count")
MSG_RETURNED = ngettext_lazy("%(count)d record returned to draft.", "%(count)d records returned to draft.", "count")
MSG_RETRACTED = ngettext_lazy("%(count)d record retracted.", "%(count)d records retracted.", "count")
MSG_ONE_PER_CELL = gettext_lazy(
    "Choose one figure per cell to make preferred: %(figures)s are figures of the same cell."
)
MSG_PREFERRED = ngettext_lazy("%(count)d figure is now preferred.", "%(count)d figures are now preferred.", "count")
MSG_APPROVED = ngettext_lazy("%(count)d source approved.", "%(count)d sources approved.", "count")
MSG_REVOKED = ngettext_lazy("%(count)d token revoked.", "%(count)d tokens revoked.", "count")
MSG_PRUNED = ngettext_lazy("%(count)d import batch deleted.", "%(count)d import batches deleted.", "count")
MSG_RETRIED = ngettext_lazy(
    "%(count)d job queued again for the task worker.", "%(count)d jobs queued again for the task worker.", "count"
)


def _outcome_parts(totals: dict[str, int]) -> dict[str, str]:
    new, changed, unchanged = (totals.get(key, 0) for key in ("new", "changed", "unchanged"))
    return {
        "new": ngettext("%(count)d new record", "%(count)d new records", new) % {"count": new},
        "changed": ngettext("%(count)d record changed", "%(count)d records changed", changed) % {"count": changed},
        "unchanged": ngettext("%(count)d record unchanged", "%(count)d records unchanged", unchanged)
        % {"count": unchanged},
    }


def import_outcome(totals: dict[str, int]) -> str:
    """ "4 new records, 1 record changed, 10 records unchanged" from an import batch's totals."""
    return ", ".join(_outcome_parts(totals).values())


def import_totals_message(totals: dict[str, int]) -> str:
    """ "Imported: 4 new records, 1 record changed, 10 records unchanged." from an import batch's totals."""
    return gettext("Imported: %(new)s, %(changed)s, %(unchanged)s.") % _outcome_parts(totals)


def _revert_parts(counts: dict[str, int]) -> dict[str, str]:
    deleted, restored, recreated = (counts.get(key, 0) for key in ("deleted", "restored", "recreated"))
    return {
        "deleted": ngettext("%(count)d record deleted", "%(count)d records deleted", deleted) % {"count": deleted},
        "restored": ngettext("%(count)d record restored", "%(count)d records restored", restored) % {"count": restored},
        "recreated": ngettext("%(count)d record re-created", "%(count)d records re-created", recreated)
        % {"count": recreated},
    }


def revert_outcome(counts: dict[str, int]) -> str:
    """ "4 records deleted, 0 records restored, 0 records re-created" from a revert's counts."""
    return ", ".join(_revert_parts(counts).values())


def revert_message(batch, counts: dict[str, int]) -> str:
    """ "casualties.csv reverted: 4 records deleted, 0 records restored, 0 records re-created." """
    return gettext("%(batch)s reverted: %(deleted)s, %(restored)s, %(recreated)s.") % {
        "batch": batch.filename,
        **_revert_parts(counts),
    }


def revert_queued_message(batch, job_url: str) -> str:
    """ "casualties.csv: too large to revert at once, queued for the task worker. Follow it." (linked)"""
    return format_html(
        '{} <a href="{}">{}</a>',
        gettext("%(batch)s: too large to revert at once, queued for the task worker.") % {"batch": batch.filename},
        job_url,
        gettext("Follow it."),
    )

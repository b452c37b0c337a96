"""The history context of a write: through which channel, by whom (and, for imports, which resource and batch)."""

from contextlib import nullcontext

import pghistory

CHANNEL_ADMIN = "admin"  # the admin's change forms
CHANNEL_API = "api"  # the API's create, bulk create and update
CHANNEL_IMPORT = "import"  # files: kb_import, the admin's upload, kb_seed_demo, row by row
CHANNEL_BULK = "bulk"  # the same files when they take the set-based path (kb/services/imports/bulk.py)
CHANNEL_REVERT = "revert"  # an applied import batch undone (kb/services/batch_revert.py)
CHANNELS = (CHANNEL_ADMIN, CHANNEL_API, CHANNEL_IMPORT, CHANNEL_BULK, CHANNEL_REVERT)


def write_context_values(*, channel: str, by=None, **metadata) -> dict:
    """What a write's history events carry: the channel, the acting user's id when there is one, and `metadata`."""
    values = {"channel": channel, **metadata}
    if getattr(by, "pk", None):
        values["user"] = by.pk
    return values


def write_context(*, channel: str | None, by=None, **metadata):
    """The pghistory context every event of a write is recorded under; `channel=None` (a script calling a service)
    adds nothing, so the history shows "shell or script"."""
    if channel is None:
        return pghistory.context(**metadata) if metadata else nullcontext()
    return pghistory.context(**write_context_values(channel=channel, by=by, **metadata))

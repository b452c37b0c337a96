"""The write service: every channel that stores a record (the admin, the API single and bulk, the row import)
writes it through the same rules, kept here once.

* `context.py`: the channel each write is recorded under in the history (`admin`, `api`, `import`, `bulk`) and the
  history context itself (`write_context`), so every event names who wrote it and through which door.
* `rules.py`: what happens to a record on its way to the table, in this order:
  1. review status (`record_prepare`): a new record enters the workflow as a draft (or the status a trusted seed
     asks for) with its submitter; a published or retracted one changes only by a reviewer; an edit of a record in
     review sends it back to draft; a reference record that public output shows is a reviewer's to add or change;
  2. preference (`record_preference_prepare`): an explicit `preferred` wins and demotes the cell's other figures,
     never over a published figure without a reviewer; else a cell's first figure becomes preferred;
  3. validation (`record_validate`): the model's `full_clean()`, field errors by field;
  4. storing (`record_store`): one savepoint; a database constraint the row breaks becomes the field error its
     rule names, never a 500.
* `records.py`: the record-level services the API calls: `records_submit` (new drafts, all or none),
  `record_change_allowed`, and `record_update` with optimistic locking (the version the client read, from its
  If-Match header; `StaleVersion` when it moved on).
* `values.py`: typed values (an int, a Decimal, a date, a bool, a dict of qualifiers, a list of citations, or text
  read by the column's own widget: natural keys, periods, choices) applied to a record, errors by column.

The bulk import (kb/services/imports/bulk.py and friends) keeps its set-based SQL path for speed and restates in
SQL these rules, taking their constants from here: the status and submitter of new rows (`record_new_values`),
the cell's preference (an explicit request wins, the last in the file; never over a published figure for a draft;
else a cell's first figure; the reasons `PREFERENCE_REASON_FIRST` / `_UNGIVEN`), the model's CHECK constraints
and the history context of an import, under its own channel (`CHANNEL_BULK`, one event per row), so the history
says which path wrote a row. tests/kb/services/imports/test_bulk_properties.py proves the two agree: random valid
and invalid files give the same stored rows, the same history (each path's channel checked, then set aside) and
the same error messages through both.
"""

from kb.services.writes.context import CHANNEL_ADMIN, CHANNEL_API, CHANNEL_IMPORT, CHANNELS, write_context

__all__ = ["CHANNELS", "CHANNEL_ADMIN", "CHANNEL_API", "CHANNEL_IMPORT", "write_context"]

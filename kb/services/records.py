"""The API's record services, by their older address: they live in the write service (kb/services/writes/)."""

from kb.services.writes.records import (
    MAX_BULK_ITEMS,
    RecordsRejected,
    StaleVersion,
    record_change_allowed,
    record_stamp,
    record_update,
    records_submit,
)

__all__ = [
    "MAX_BULK_ITEMS",
    "RecordsRejected",
    "StaleVersion",
    "record_change_allowed",
    "record_stamp",
    "record_update",
    "records_submit",
]

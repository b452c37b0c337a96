"""Admin registrations, one module per domain area (mirrors kb/models/)."""

from kb.admin import (  # noqa: F401
    hazards,
    import_batches,
    jobs,
    obligations,
    partners,
    reference,
    releases,
    savedfilters,
    sources,
    statistics,
    treaties,
    workflow,
)

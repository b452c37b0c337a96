"""Admin registrations, one module per domain area (mirrors kb/models/)."""

from kb.admin import hazards, partners, reference, sources, statistics, treaties, workflow  # noqa: F401

"""Admin registrations, one module per domain area (mirrors kb/models/)."""

from kb.admin import hazards, partners, reference, releases, sources, statistics, treaties, workflow  # noqa: F401

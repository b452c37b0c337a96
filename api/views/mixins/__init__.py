"""The behaviours api/views/base.py composes into its viewsets, one concern a module."""

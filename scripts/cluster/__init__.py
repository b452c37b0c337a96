"""Pieces shared by the operations checks in scripts/ (soak.py, cluster_check.py, pitr_check.py): processes that are
always cleaned up, a PostgreSQL cluster of their own, the app servers, Redis and nginx, HTTP with figures."""

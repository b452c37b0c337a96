"""Read replicas: which database serves a request's reads (reads.py), the router that sends queries there
(router.py), the replicas' health (replica_health.py) and the middleware that ties a request to its choice
(middleware.py). docs/operations.md, "Read replicas"."""

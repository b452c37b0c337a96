"""What an operator watches: liveness and readiness probes, Prometheus metrics, and a request id that follows a
request into the logs and into the SQL PostgreSQL sees (docs/operations.md)."""

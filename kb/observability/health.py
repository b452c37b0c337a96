"""`/healthz`: the process answers (no database involved, so a restart is not triggered by a database outage).
`/readyz`: this server can serve (database, schema, cache); 503 with the failing checks otherwise, so a load balancer
sends traffic elsewhere. A failing check that is not required (read replicas, a shared Redis, the task worker) is
reported with status "degraded" and 200: the server still answers."""

from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from kb.services.readiness import readiness_checks


@never_cache
@require_safe
def healthz(request):
    return JsonResponse({"status": "alive"})


@never_cache
@require_safe
def readyz(request):
    checks = readiness_checks()
    ready = all(check.ok for check in checks if check.required)
    status = ("ready" if all(check.ok for check in checks) else "degraded") if ready else "not ready"
    body = {"status": status, "checks": {c.name: c.as_dict() for c in checks}}
    return JsonResponse(body, status=200 if ready else 503)

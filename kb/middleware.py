"""History context for web requests: who acted, and through which channel (admin or API)."""

from pghistory.middleware import HistoryMiddleware as PghistoryMiddleware


class HistoryMiddleware(PghistoryMiddleware):
    def get_context(self, request):
        context = super().get_context(request)
        if request.path.startswith("/admin/"):
            context["channel"] = "admin"
        elif request.path.startswith("/api/"):
            context["channel"] = "api"
        else:
            context["channel"] = "web"
        return context

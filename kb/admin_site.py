"""The admin site, with a dashboard on its index page (kb/selectors/dashboard.py)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _


class KbAdminSite(admin.AdminSite):
    site_header = _("Landmine-impact knowledge base")
    site_title = _("Landmine-impact knowledge base")
    index_title = _("Data administration")
    index_template = "admin/kb/dashboard.html"

    def index(self, request, extra_context=None):
        from kb.selectors.dashboard import (
            contaminated_coverage_get,
            coverage_gaps_get,
            deadlines_to_check_list,
            recent_changes_list,
            recent_imports_list,
            review_queue_list,
        )

        dashboard = {
            "review_queue": review_queue_list(),
            "recent_imports": recent_imports_list(),
            "coverage": coverage_gaps_get(),
            "contaminated": contaminated_coverage_get(),
            "deadlines_to_check": deadlines_to_check_list(),
            "recent_changes": recent_changes_list(),
        }
        return super().index(request, {**(extra_context or {}), "dashboard": dashboard})

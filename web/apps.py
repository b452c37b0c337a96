from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    """Public, read-only pages: world overview, country index and country profiles."""

    name = "web"
    verbose_name = _("Public pages")

from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_roles(sender, **kwargs):
    from kb.services.roles import roles_sync

    roles_sync()


def _install_data_stamp(sender, using="default", **kwargs):
    from kb.services.data_stamp import data_stamp_functions_install

    data_stamp_functions_install(using)


class KbConfig(AppConfig):
    default = True
    name = "kb"
    verbose_name = _("Landmine-impact knowledge base")

    def ready(self):
        # The role groups follow the models: new models' permissions join the roles after each migrate.
        post_migrate.connect(_sync_roles, sender=self)
        # The data stamp's functions read every tracked history table: rewritten after each migrate, so that a newly
        # tracked model joins them without a migration of its own (kb/services/data_stamp.py).
        post_migrate.connect(_install_data_stamp, sender=self)
        from kb import checks  # noqa: F401  (registers the deployment checks)


class KbAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with the knowledge base's site (a dashboard on the index page)."""

    default = False
    default_site = "kb.admin_site.KbAdminSite"

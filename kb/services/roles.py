"""Staff roles as Django groups, kept in step with the models by roles_sync (run after every migrate).

| role | may |
| --- | --- |
| viewer | see everything in the admin, change nothing |
| editor | add and change drafts of every figure, propose sources, import files, submit for review |
| reviewer | what an editor may, plus publish, return, retract and delete, change reference records, publish releases |
| administrator | everything, including user accounts, partner tokens, the history browser and task results |
"""

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType

from kb.services.review import PUBLIC_REFERENCE_MODELS

VIEWER, EDITOR, REVIEWER, ADMINISTRATOR = "viewer", "editor", "reviewer", "administrator"
ROLES = (VIEWER, EDITOR, REVIEWER, ADMINISTRATOR)


def _codenames(model, actions) -> list[str]:
    return [f"{action}_{model._meta.model_name}" for action in actions]


def roles_sync() -> dict[str, int]:
    """Create or update the four groups; returns the number of permissions of each."""
    # Partner tokens are administrators' business; import batches are seen by all staff through their admin.
    # Saved filters belong to whoever saved them (kb/admin/savedfilters.py checks ownership). Export jobs are their
    # requesters' (the API shows each their own); administrators see all of them in the admin. Worker heartbeats
    # are operating state (/readyz, /metrics), not data. The basemap is vendored reference geometry, never edited.
    restricted = {"partnertoken", "importbatch", "savedfilter", "exportjob", "workerheartbeat", "basemapcountry"}
    kb_models = [m for m in apps.get_app_config("kb").get_models() if m._meta.model_name not in restricted]
    kb_permissions = Permission.objects.filter(content_type__app_label="kb")

    def perms(actions, models=kb_models):
        wanted = [codename for model in models for codename in _codenames(model, actions)]
        return list(kb_permissions.filter(codename__in=wanted))

    review = list(kb_permissions.filter(codename__in=("review_record", "publish_release")))
    auth_models = [apps.get_model("auth", "User"), apps.get_model("auth", "Group")]
    auth_permissions = list(
        Permission.objects.filter(content_type__in=ContentType.objects.get_for_models(*auth_models).values())
    )
    # The cross-table history browser (django-pghistory's admin) and the task worker's results (with tracebacks)
    # are for administrators.
    history_permissions = list(
        Permission.objects.filter(
            content_type__app_label__in=("pghistory", "django_tasks_database"), codename__startswith="view_"
        )
    )
    # Reference records show in public output as stored: editors may only propose sources (kb/services/review.py).
    reference = [m for m in kb_models if m._meta.model_name in PUBLIC_REFERENCE_MODELS]
    # Releases are published by reviewers (publish_release), never drafted; their packaging (release jobs) too.
    # Reverts of imports are reviewers' (review_record).
    not_drafted = ("release", "releasejob", "revertjob")
    drafts = [m for m in kb_models if m not in reference and m._meta.model_name not in not_drafted]
    sources = [m for m in reference if m._meta.model_name == "source"]
    wanted = {
        VIEWER: perms(["view"]),
        EDITOR: perms(["view"]) + perms(["add", "change"], drafts) + perms(["add"], sources),
        REVIEWER: perms(["view", "add", "change", "delete"]) + review,
        ADMINISTRATOR: list(kb_permissions) + auth_permissions + history_permissions,
    }
    counts = {}
    for name, permissions in wanted.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(permissions)
        counts[name] = len(permissions)
    return counts

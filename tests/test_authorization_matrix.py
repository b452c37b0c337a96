"""Who may do what, for every API route and admin page, in one table.

A route or admin model added without an entry here fails the suite (test_every_route_has_an_expectation)."""

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from rest_framework.test import APIClient

from api.urls import router
from kb.models import CasualtyRecord
from kb.services.tokens import token_create

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "partner_read", "partner_submit", "viewer", "editor", "reviewer", "administrator"]

# Every API route, by what kind of resource it is.
ROUTES = {
    "countries": "reference",
    "admin-areas": "reference",
    "organisations": "reference",
    "sources": "submit-reference",
    "treaties": "reference",
    "treaty-actions": "reviewed-reference",
    "armed-conflicts": "reviewed-reference",
    "treaty-obligations": "reviewed-reference",
    "treaty-status": "computed",
    "obligation-standing": "computed",
    "casualties": "submit",
    "contamination": "submit",
    "land-release": "submit",
    "stockpiles": "submit",
    "production": "submit",
    "use-reports": "submit",
    "transfers": "submit",
    "programmes": "submit",
    "programme-financing": "reviewed-reference",
    "programme-milestones": "reviewed-reference",
    "funding": "submit",
    "hazard-areas": "reviewed-reference",
    "land-release-activities": "reviewed-reference",
    "coverage": "computed",
    "changes": "computed",
    "data-dictionary": "computed",
    "releases": "computed",  # read-only for everyone: staff publish releases in the admin or with kb_release
    "exports": "own-jobs",
}

# Expected status of: GET list, POST list (an empty body), PATCH of a published record without If-Match.
#            anonymous  p.read  p.submit  viewer  editor  reviewer  administrator
API = {
    # Reference records show in public output as stored: adding or changing them is a reviewer's action.
    "reference": {
        "GET": [200, 200, 200, 200, 200, 200, 200],
        "POST": [401, 403, 405, 403, 403, 405, 405],
    },
    # Reviewable records written by import only (treaty actions, armed-conflict periods).
    "reviewed-reference": {
        "GET": [200, 200, 200, 200, 200, 200, 200],
        "POST": [401, 403, 405, 403, 405, 405, 405],
    },
    # Sources: partners and editors propose new ones (kept out of public lists until reviewed); reviewers change them.
    "submit-reference": {
        "GET": [200, 200, 200, 200, 200, 200, 200],
        "POST": [401, 403, 400, 403, 400, 400, 400],
        # Without If-Match (the matrix sends none): 403 for who may not change the record at all, 428 for who may.
        "PATCH": [401, 403, 403, 403, 403, 428, 428],
    },
    "submit": {
        "GET": [200, 200, 200, 200, 200, 200, 200],
        "POST": [401, 403, 400, 403, 400, 400, 400],
        "PATCH": [401, 403, 403, 403, 403, 428, 428],
    },
    "computed": {
        "GET": [200, 200, 200, 200, 200, 200, 200],
        "POST": [401, 403, 403, 403, 403, 403, 403],
    },
    # Export jobs: built for a signed-in requester (a token with the read scope, or staff), each seeing their own;
    # the empty body is a 400 (no resource named).
    "own-jobs": {
        "GET": [401, 200, 200, 200, 200, 200, 200],
        "POST": [401, 400, 400, 400, 400, 400, 400],
    },
}
LIST_PARAMS = {"treaty-status": {"treaty": "APMBC"}}

# Admin: changelist and add page of every registered model.
#                     anonymous  p.read  p.submit  viewer  editor  reviewer  administrator
ADMIN = {
    "data": {"changelist": [302, 302, 302, 200, 200, 200, 200], "add": [302, 302, 302, 403, 200, 200, 200]},
    "reference": {"changelist": [302, 302, 302, 200, 200, 200, 200], "add": [302, 302, 302, 403, 403, 200, 200]},
    "tokens": {"changelist": [302, 302, 302, 403, 403, 403, 200], "add": [302, 302, 302, 403, 403, 403, 200]},
    "batches": {"changelist": [302, 302, 302, 200, 200, 200, 200], "add": [302, 302, 302, 403, 403, 403, 403]},
    "accounts": {"changelist": [302, 302, 302, 403, 403, 403, 200], "add": [302, 302, 302, 403, 403, 403, 200]},
    "history": {"changelist": [302, 302, 302, 403, 403, 403, 200], "add": [302, 302, 302, 403, 403, 403, 403]},
    # Releases: every staff member sees them; reviewers and administrators publish (kb.publish_release).
    "releases": {"changelist": [302, 302, 302, 200, 200, 200, 200], "add": [302, 302, 302, 403, 403, 200, 200]},
    # Saved filters: every staff member keeps their own, saved from the block above each change list (no add page).
    "savedfilters": {"changelist": [302, 302, 302, 200, 200, 200, 200], "add": [302, 302, 302, 403, 403, 403, 403]},
    # Export jobs: administrators see every requester's; jobs are asked for through the API, never added.
    "exportjobs": {"changelist": [302, 302, 302, 403, 403, 403, 200], "add": [302, 302, 302, 403, 403, 403, 403]},
    # Release jobs: every staff member follows a packaging; the release add form queues one.
    "releasejobs": {"changelist": [302, 302, 302, 200, 200, 200, 200], "add": [302, 302, 302, 403, 403, 403, 403]},
    # Revert jobs: every staff member follows one; reviewers queue them with the import batches' revert action.
    "revertjobs": {"changelist": [302, 302, 302, 200, 200, 200, 200], "add": [302, 302, 302, 403, 403, 403, 403]},
}
ADMIN_MODELS = {
    "kb.partnertoken": "tokens",
    "kb.importbatch": "batches",
    "auth.user": "accounts",
    "auth.group": "accounts",
    "pghistory.events": "history",
    "django_tasks_database.dbtaskresult": "history",  # the task worker's results, with tracebacks
    "kb.area": "reference",
    "kb.adminarea": "reference",
    "kb.organisation": "reference",
    "kb.treaty": "reference",
    "kb.release": "releases",
    "kb.savedfilter": "savedfilters",
    "kb.exportjob": "exportjobs",
    "kb.releasejob": "releasejobs",
    "kb.revertjob": "revertjobs",
}


def admin_kind(model) -> str:
    label = model._meta.label_lower
    if label in ADMIN_MODELS:
        return ADMIN_MODELS[label]
    assert label.startswith("kb."), f"no authorization expectation for the admin of {label}"
    return "data"


@pytest.fixture
def clients(partner_org):
    made = {"anonymous": APIClient()}
    for role, scopes in (("partner_read", ["read"]), ("partner_submit", ["read", "submit"])):
        _, key = token_create(organisation=partner_org, name=role, scopes=scopes)
        made[role] = APIClient(headers={"Authorization": f"Token {key}"})
    for role in ("viewer", "editor", "reviewer"):
        user = get_user_model().objects.create_user(f"matrix-{role}", password="pw-matrix-123", is_staff=True)
        user.groups.add(Group.objects.get(name=role))
        made[role] = APIClient()
        made[role].force_login(user)
    boss = get_user_model().objects.create_user("matrix-admin", password="pw-matrix-123", is_staff=True)
    boss.groups.add(Group.objects.get(name="administrator"))
    made["administrator"] = APIClient()
    made["administrator"].force_login(boss)
    return made


def test_every_route_has_an_expectation():
    assert {prefix for prefix, _, _ in router.registry} == set(ROUTES)


def _own_contamination():
    from tests.factories.statistics import ContaminationRecordFactory

    return ContaminationRecordFactory()


def _own_use_report():
    from tests.factories.statistics import UseReportFactory

    return UseReportFactory()


OWN_RECORD = {"contamination": _own_contamination, "use-reports": _own_use_report}


def _detail_url(prefix: str) -> str | None:
    if prefix == "sources":
        return "/api/v1/sources/lm2023-impact/"
    if prefix == "programmes":
        return "/api/v1/programmes/east-shield/"
    model = {"casualties": CasualtyRecord}.get(prefix)
    if model is None:
        from kb.services.imports.registry import RESOURCES

        model = RESOURCES[prefix]._meta.model
    record = model.objects.filter(status="published").first() or model.objects.first()
    if record is None and prefix in OWN_RECORD:  # the demo data has none: one published record of its own
        record = OWN_RECORD[prefix]()
    return f"/api/v1/{prefix}/{record.pk}/" if record else None


@pytest.mark.parametrize("prefix", sorted(ROUTES))
def test_api_matrix(clients, demo_data, prefix):
    expected = API[ROUTES[prefix]]
    observed = {}
    for method in expected:
        got = []
        for role in ROLES:
            client = clients[role]
            if method == "GET":
                response = client.get(f"/api/v1/{prefix}/", LIST_PARAMS.get(prefix, {}))
            elif method == "POST":
                response = client.post(f"/api/v1/{prefix}/", {}, format="json")
            else:
                url = _detail_url(prefix)
                if url is None:
                    pytest.skip(f"no {prefix} record in the demo data")
                response = client.patch(url, {}, format="json")
            got.append(response.status_code)
        observed[method] = got
    assert observed == expected


def test_admin_matrix(clients, demo_data):
    mismatches = []
    for model in admin.site._registry:
        kind = admin_kind(model)
        info = model._meta.app_label, model._meta.model_name
        for page, statuses in ADMIN[kind].items():
            url = reverse(f"admin:{info[0]}_{info[1]}_{page}")
            for role, status in zip(ROLES, statuses, strict=True):
                client = clients[role]
                got = client.get(url).status_code
                if got != status:
                    mismatches.append(f"{role} {page} {model._meta.label}: expected {status}, got {got}")
    assert mismatches == []


def test_partner_accounts_are_not_staff(clients):
    assert not get_user_model().objects.filter(username__startswith="partner-", is_staff=True).exists()


# Admin actions: who is offered each action of each admin (and so may run it: Django refuses an action it did not
# offer). Staff roles only; the others never reach the admin (302 above).
STAFF = ["viewer", "editor", "reviewer", "administrator"]
#                          viewer  editor  reviewer  administrator
ACTIONS = {
    "delete_selected": [False, False, True, True],
    "submit_for_review": [False, True, True, True],
    "publish": [False, False, True, True],
    "return_to_draft": [False, False, True, True],
    "retract": [False, False, True, True],
    "make_preferred": [False, False, True, True],
    "approve": [False, False, True, True],
    "revert_batches": [False, False, True, True],
    "revoke": [False, False, False, True],
    "prune_batches": [False, False, False, True],
    "retry_exports": [False, False, False, True],
    "retry_releases": [False, False, True, True],
    "retry_reverts": [False, False, True, True],
}
# Admins whose deletions are the administrator's alone (accounts, tokens, history) or nobody's (import batches: the
# administrator's prune_batches action deletes those past the retention period; revert undoes what a batch wrote).
DELETE_BY = {
    "tokens": [False, False, False, True],
    "accounts": [False, False, False, True],
    "history": [False, False, False, False],
    "batches": [False, False, False, False],
    "releases": [False, False, False, False],  # a published release never goes away (the database refuses it)
    "savedfilters": [True, True, True, True],  # each their own: the list holds only the user's filters
    "exportjobs": [False, False, False, False],  # files expire (kb_prune_exports)
    "releasejobs": [False, False, False, False],  # the record of a publication
    "revertjobs": [False, False, False, False],  # the record of a revert
}


def test_admin_actions_matrix(clients, demo_data):
    from django.test import RequestFactory

    users = {role: get_user_model().objects.get(username=f"matrix-{role}") for role in STAFF[:3]}
    users["administrator"] = get_user_model().objects.get(username="matrix-admin")
    mismatches = []
    for model, model_admin in admin.site._registry.items():
        kind = admin_kind(model)
        for role, user in users.items():
            request = RequestFactory().post("/admin/")
            request.user = user
            offered = set(model_admin.get_actions(request))
            declared = {a if isinstance(a, str) else a.__name__ for a in model_admin.actions or []}
            for name in declared | {"delete_selected"}:
                allowed = (DELETE_BY.get(kind) if name == "delete_selected" else None) or ACTIONS[name]
                if (name in offered) != allowed[STAFF.index(role)]:
                    mismatches.append(f"{role} {name} on {model._meta.label}: offered={name in offered}")
    assert mismatches == []


# Every write field that can change public output: a partner or an editor sending any field to a published record is
# refused (403) and the record is unchanged; only reviewers change published records.
def _write_fields():
    from api.serializers.writes import write_serializer_for
    from kb.services.imports.registry import RESOURCES

    for prefix, kind in ROUTES.items():
        if kind == "submit" and prefix in RESOURCES:
            yield from ((prefix, field) for field in write_serializer_for(prefix)().fields)


@pytest.mark.parametrize(("prefix", "field"), list(_write_fields()))
def test_published_records_refuse_every_write_field_but_to_reviewers(clients, demo_data, prefix, field):
    url = _detail_url(prefix)
    if url is None:
        pytest.skip(f"no {prefix} record in the demo data")
    before = clients["anonymous"].get(url)
    assert before.status_code == 200  # published
    statuses = []
    for role in ("partner_submit", "editor"):
        response = clients[role].patch(url, {field: None}, format="json", headers={"If-Match": before["ETag"]})
        statuses.append(response.status_code)
    assert statuses == [403, 403]
    assert clients["anonymous"].get(url).json() == before.json()

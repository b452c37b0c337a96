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
    "treaty-actions": "reference",
    "armed-conflicts": "reference",
    "treaty-status": "computed",
    "casualties": "submit",
    "contamination": "submit",
    "land-release": "submit",
    "stockpiles": "submit",
    "production": "submit",
    "use-reports": "submit",
    "programmes": "submit",
    "funding": "submit",
    "hazard-areas": "reference",
    "land-release-activities": "reference",
    "coverage": "computed",
    "changes": "computed",
}

# Expected status of: GET list, POST list (an empty body), PATCH of a published record without If-Match.
#            anonymous  p.read  p.submit  viewer  editor  reviewer  administrator
API = {
    "reference": {
        "GET": [200, 200, 200, 200, 200, 200, 200],
        "POST": [401, 403, 405, 403, 405, 405, 405],
    },
    "submit-reference": {
        "GET": [200, 200, 200, 200, 200, 200, 200],
        "POST": [401, 403, 400, 403, 400, 400, 400],
        "PATCH": [401, 403, 428, 403, 428, 428, 428],
    },
    "submit": {
        "GET": [200, 200, 200, 200, 200, 200, 200],
        "POST": [401, 403, 400, 403, 400, 400, 400],
        "PATCH": [401, 403, 428, 403, 428, 428, 428],
    },
    "computed": {
        "GET": [200, 200, 200, 200, 200, 200, 200],
        "POST": [401, 403, 403, 403, 403, 403, 403],
    },
}
LIST_PARAMS = {"treaty-status": {"treaty": "APMBC"}}

# Admin: changelist and add page of every registered model.
#                     anonymous  p.read  p.submit  viewer  editor  reviewer  administrator
ADMIN = {
    "data": {"changelist": [302, 302, 302, 200, 200, 200, 200], "add": [302, 302, 302, 403, 200, 200, 200]},
    "tokens": {"changelist": [302, 302, 302, 403, 403, 403, 200], "add": [302, 302, 302, 403, 403, 403, 200]},
    "batches": {"changelist": [302, 302, 302, 200, 200, 200, 200], "add": [302, 302, 302, 403, 403, 403, 403]},
    "accounts": {"changelist": [302, 302, 302, 403, 403, 403, 200], "add": [302, 302, 302, 403, 403, 403, 200]},
    "history": {"changelist": [302, 302, 302, 403, 403, 403, 200], "add": [302, 302, 302, 403, 403, 403, 403]},
}
ADMIN_MODELS = {
    "kb.partnertoken": "tokens",
    "kb.importbatch": "batches",
    "auth.user": "accounts",
    "auth.group": "accounts",
    "pghistory.events": "history",
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

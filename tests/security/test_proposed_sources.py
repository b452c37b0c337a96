"""A source a partner proposes is that partner's until a reviewer approves it: other partners can neither read it nor
name it by slug (its title would show in their answers), though they may name the same page by its URL."""

import pytest

from kb.models import CasualtyRecord, Organisation, Source
from tests.factories import AreaFactory

pytestmark = pytest.mark.django_db

PROPOSAL = {
    "slug": "field-survey-notes",
    "kind": "report",
    "title": "Internal field survey notes",
    "url": "https://example.org/survey",
    "language": "en",
}


@pytest.fixture
def proposal(partner_client):
    response = partner_client.post("/api/v1/sources/", PROPOSAL, format="json")
    assert response.status_code == 201, response.json()
    return Source.objects.get(slug=PROPOSAL["slug"])


@pytest.fixture
def other_partner(make_token):
    return make_token(organisation=Organisation.objects.get(name="Human Rights Watch"))[1]


def figure(source: str, **extra) -> dict:
    AreaFactory(code="XPS")
    return {"country_code": "XPS", "period": "2024", "total": 3, "source": source, **extra}


def test_the_proposer_reads_its_proposal_and_no_one_else_does(proposal, partner_client, other_partner, api_client):
    assert (proposal.reviewed, proposal.proposed_by.username.startswith("partner-")) == (False, True)
    mine = partner_client.get("/api/v1/sources/field-survey-notes/")
    assert mine.status_code == 200 and "proposed_by" not in mine.json()
    assert other_partner.get("/api/v1/sources/field-survey-notes/").status_code == 404
    assert api_client.get("/api/v1/sources/field-survey-notes/").status_code == 404
    listed = other_partner.get("/api/v1/sources/", {"q": "survey"}).json()["results"]
    assert [s["slug"] for s in listed] == []


def test_another_partner_cannot_name_it_by_slug(proposal, other_partner):
    named = other_partner.post("/api/v1/casualties/", figure("field-survey-notes"), format="json")
    unknown = other_partner.post("/api/v1/casualties/", figure("no-such-source"), format="json")
    assert named.status_code == unknown.status_code == 400
    assert named.json()["source"] == [unknown.json()["source"][0].replace("no-such-source", "field-survey-notes")]
    cited = other_partner.post(
        "/api/v1/casualties/",
        figure("lm2023-impact", citations=[{"source": "field-survey-notes", "locator": "p. 1"}]),
        format="json",
    )
    assert cited.status_code == 400 and "field-survey-notes" in cited.json()["citations"][0]
    assert not CasualtyRecord.objects.filter(area__code="XPS").exists()


def test_the_proposer_names_it(proposal, partner_client):
    response = partner_client.post(
        "/api/v1/casualties/",
        figure("lm2023-impact", citations=[{"source": "field-survey-notes", "locator": "p. 1"}]),
        format="json",
    )
    assert response.status_code == 201, response.json()
    record = CasualtyRecord.objects.get(pk=response.json()["id"])
    assert [c.source for c in record.citations.all()] == [proposal]


def test_a_url_names_the_page_whoever_proposed_it(proposal, other_partner):
    response = other_partner.post("/api/v1/casualties/", figure("https://example.org/survey"), format="json")
    assert response.status_code == 201, response.json()
    assert CasualtyRecord.objects.get(pk=response.json()["id"]).source == proposal


def test_the_proposer_corrects_its_proposal_until_it_is_approved(proposal, partner_client, other_partner, reviewer):
    from kb.services.review import sources_approve

    url = "/api/v1/sources/field-survey-notes/"
    etag = partner_client.get(url)["ETag"]
    fixed = partner_client.patch(url, {"title": "Field survey notes"}, format="json", headers={"If-Match": etag})
    assert fixed.status_code == 200, fixed.json()
    proposal.refresh_from_db()
    assert (proposal.title, proposal.reviewed) == ("Field survey notes", False)
    theirs = other_partner.patch(url, {"title": "x"}, format="json", headers={"If-Match": fixed["ETag"]})
    assert theirs.status_code == 404
    sources_approve(sources=Source.objects.filter(pk=proposal.pk), by=reviewer)
    etag = partner_client.get(url)["ETag"]
    late = partner_client.patch(url, {"title": "Again"}, format="json", headers={"If-Match": etag})
    assert late.status_code == 403

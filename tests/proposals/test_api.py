"""The proposals API: fields, filters, orderings, cursor pages and errors."""

import pytest

from proposals.models import Proposal, Stage

pytestmark = pytest.mark.django_db

ITEM_FIELDS = {
    "id",
    "title",
    "summary",
    "stage",
    "category",
    "district",
    "vote_count",
    "comment_count",
    "created_at",
}


def test_list_items_carry_the_documented_fields(client, open_proposal):
    response = client.get("/api/v1/proposals/")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"next", "previous", "results"}
    (item,) = body["results"]
    assert set(item) == ITEM_FIELDS
    assert item["category"] == open_proposal.category.slug
    assert item["district"] == open_proposal.district.code


def test_drafts_withdrawn_and_hidden_are_not_listed(client, proposal_factory):
    proposal_factory(stage=Stage.DRAFT)
    proposal_factory(stage=Stage.WITHDRAWN)
    proposal_factory(is_hidden=True)
    shown = proposal_factory(stage=Stage.IN_REVIEW)
    ids = [item["id"] for item in client.get("/api/v1/proposals/").json()["results"]]
    assert ids == [shown.pk]


def test_filters(client, proposal_factory, category_factory):
    from oasis.core.models import District

    transport = category_factory(slug="transport")
    mapo = District.objects.get(code="mapo")
    a = proposal_factory(category=transport, district=mapo)
    proposal_factory(district=mapo)
    proposal_factory(category=transport, stage=Stage.IN_REVIEW)

    def ids(query):
        response = client.get(f"/api/v1/proposals/?{query}")
        assert response.status_code == 200, response.json()
        return {item["id"] for item in response.json()["results"]}

    assert ids("category=transport&district=mapo") == {a.pk}
    assert len(ids("district=mapo")) == 2
    assert len(ids("stage=in_review")) == 1
    assert ids("category=nothing") == set()


def test_ordering(client, proposal_factory):
    a = proposal_factory(vote_count=5, comment_count=1, trending_score=1)
    b = proposal_factory(vote_count=1, comment_count=9, trending_score=0)
    c = proposal_factory(vote_count=3, comment_count=3, trending_score=7)

    def order(ordering):
        response = client.get(f"/api/v1/proposals/?ordering={ordering}")
        return [item["id"] for item in response.json()["results"]]

    assert order("-created_at") == [c.pk, b.pk, a.pk]
    assert order("-vote_count") == [a.pk, c.pk, b.pk]
    assert order("-comment_count") == [b.pk, c.pk, a.pk]
    assert order("trending") == [c.pk, a.pk, b.pk]


def test_cursor_pagination_walks_every_item_once(client, proposal_factory):
    made = {proposal_factory(vote_count=n % 3).pk for n in range(45)}
    seen = []
    url = "/api/v1/proposals/?ordering=-vote_count"
    while url:
        body = client.get(url).json()
        assert len(body["results"]) <= 20
        seen += [item["id"] for item in body["results"]]
        url = body["next"]
    assert len(seen) == 45
    assert set(seen) == made


def test_errors_are_json_with_code_and_detail(client, open_proposal):
    response = client.get("/api/v1/proposals/999999/")
    assert response.status_code == 404
    assert set(response.json()) >= {"code", "detail"}
    assert response.json()["code"] == "not_found"

    response = client.get("/api/v1/proposals/?cursor=garbage")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert "cursor" in response.json()["errors"]

    response = client.get("/api/v1/proposals/?ordering=-title")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"

    response = client.post("/api/v1/proposals/", {}, content_type="application/json")
    assert response.status_code == 403
    assert response.json()["code"] == "not_authenticated"


def test_detail(client, open_proposal):
    response = client.get(f"/api/v1/proposals/{open_proposal.pk}/")
    assert response.status_code == 200
    body = response.json()
    assert set(body) >= ITEM_FIELDS
    assert body["problem"] == open_proposal.problem
    assert body["author"] == open_proposal.author.public_name
    assert body["images"] == []


def test_drafts_are_not_disclosed(client, draft, user):
    assert client.get(f"/api/v1/proposals/{draft.pk}/").status_code == 404
    client.force_login(user)
    assert client.get(f"/api/v1/proposals/{draft.pk}/").status_code == 200


def test_create(client, user, category):
    client.force_login(user)
    payload = {
        "title": "Bike lanes",
        "summary": "More of them",
        "problem": "Few lanes",
        "solution": "Build lanes",
        "category": category.slug,
        "district": "mapo",
    }
    response = client.post(
        "/api/v1/proposals/", payload, content_type="application/json"
    )
    assert response.status_code == 201, response.json()
    assert response.json()["stage"] == "draft"
    proposal = Proposal.objects.get()
    assert proposal.author == user
    response = client.post(
        "/api/v1/proposals/",
        {**payload, "publish": True},
        content_type="application/json",
    )
    assert response.json()["stage"] == "open"


def test_create_refuses_bad_input(client, user, category):
    client.force_login(user)
    response = client.post(
        "/api/v1/proposals/",
        {"title": "x" * 121, "summary": "", "category": "nope", "district": "mapo"},
        content_type="application/json",
    )
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert {"title", "summary", "problem", "solution", "category"} <= set(errors)
    assert not Proposal.objects.exists()


def test_categories_and_districts(client, category):
    categories = client.get("/api/v1/categories/").json()
    assert category.slug in [c["slug"] for c in categories]
    districts = client.get("/api/v1/districts/").json()
    assert len(districts) == 25
    assert {"code", "name", "name_ko", "name_en"} <= set(districts[0])


def test_list_budget(client, proposal_factory, django_assert_max_num_queries):
    proposal_factory.create_batch(25)
    # one page of proposals with category and district
    with django_assert_max_num_queries(3):
        assert client.get("/api/v1/proposals/").status_code == 200


def test_schema_and_docs(client):
    schema = client.get("/api/v1/schema/")
    assert schema.status_code == 200
    text = schema.content.decode()
    assert "/api/v1/proposals/" in text
    assert "/api/v1/districts/" in text
    docs = client.get("/api/v1/docs/")
    assert docs.status_code == 200
    html = docs.content.decode()
    csp = docs.headers.get("Content-Security-Policy", "")
    assert "'unsafe-inline'" not in csp
    # no CDN, no inline script: every script has a same-origin src
    assert "cdn" not in html.lower()
    import re

    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, flags=re.S)
    assert scripts
    for attributes, body in scripts:
        assert "src=" in attributes
        assert body.strip() == ""


def test_create_refuses_a_nul_character_in_a_slug_as_invalid(client, user, category):
    # PostgreSQL cannot compare text with NUL: the lookup must not be tried.
    client.force_login(user)
    response = client.post(
        "/api/v1/proposals/",
        {"title": "T", "summary": "S", "problem": "P", "solution": "S"}
        | {"category": "a\x00b", "district": "mapo\x00"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert {"category", "district"} <= set(response.json()["errors"])

"""Citizens' writes other than votes are rate limited per person and per address."""

import logging

import pytest
from django.urls import reverse
from django.utils.translation import gettext, override

from proposals.models import Comment, Proposal, Report, Stage
from tests.accounts.factories import UserFactory


def korean(message: str) -> str:
    """The refusal as the page shows it (Korean is the default language)."""
    with override("ko"):
        return gettext(message)


COMMENTS = (
    "You have posted many comments in a short time. Please wait and try again later."
)
REPORTS = "You have sent many reports in a short time. Please wait and try again later."
IDEAS = (
    "You have submitted many ideas in a short time. Please wait and try again later."
)
PUBLISHED = (
    "You have published many ideas in a short time. Please wait and try again later."
)

pytestmark = pytest.mark.django_db

LOOSE_IP = (1000, 3600)


@pytest.fixture
def limits(settings):
    settings.RATE_LIMITS = {
        **settings.RATE_LIMITS,
        "proposal": {"user": (2, 3600), "ip": LOOSE_IP},
        "publish": {"user": (2, 3600), "ip": LOOSE_IP},
        "comment": {"user": (2, 600), "ip": LOOSE_IP},
        "report": {"user": (2, 3600), "ip": LOOSE_IP},
    }


@pytest.fixture
def form_data(category):
    from oasis.core.models import District

    return {
        "title": "자전거 도로 확충",
        "summary": "한강까지 이어지는 자전거 도로를 만들어 주세요.",
        "problem": "자전거 도로가 끊겨 있습니다.",
        "solution": "끊긴 구간을 잇습니다.",
        "benefit": "안전한 통근.",
        "category": category.pk,
        "district": District.objects.get(code="mapo").pk,
        "language": "ko",
        "action": "draft",
    }


def test_third_comment_is_refused_and_not_stored(limits, client, open_proposal, user2):
    client.force_login(user2)
    url = reverse("proposals:comment-create", args=[open_proposal.pk])
    for n in range(2):
        assert client.post(url, {"body": f"Comment {n}"}).status_code == 302
    response = client.post(url, {"body": "One too many"})
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert korean(COMMENTS) in response.content.decode()
    assert "One too many" in response.content.decode()  # the form keeps the text
    assert Comment.objects.count() == 2
    assert not Comment.objects.filter(body="One too many").exists()
    # Someone else is not affected.
    other = UserFactory()
    client.force_login(other)
    assert client.post(url, {"body": "Mine"}).status_code == 302
    assert Comment.objects.count() == 3


def test_third_report_is_refused_and_not_stored(
    limits, client, proposal_factory, user, user2
):
    proposals = proposal_factory.create_batch(4, author=user2, stage=Stage.OPEN)
    client.force_login(user)
    for proposal in proposals[:2]:
        url = reverse("proposals:proposal-report", args=[proposal.pk])
        assert client.post(url, {"reason": "spam"}).status_code == 302
    url = reverse("proposals:proposal-report", args=[proposals[2].pk])
    response = client.post(url, {"reason": "spam"})
    assert response.status_code == 429
    assert korean(REPORTS) in response.content.decode()
    assert Report.objects.count() == 2
    assert not Report.objects.filter(proposal=proposals[2]).exists()
    client.force_login(UserFactory())
    assert client.post(url, {"reason": "spam"}).status_code == 302
    assert Report.objects.count() == 3


def test_third_proposal_is_refused_and_not_stored(limits, client, user, form_data):
    client.force_login(user)
    url = reverse("proposals:proposal-create")
    for _n in range(2):
        assert client.post(url, form_data).status_code == 302
    response = client.post(url, form_data)
    assert response.status_code == 429
    assert korean(IDEAS) in response.content.decode()
    assert Proposal.objects.count() == 2
    client.force_login(UserFactory())
    assert client.post(url, form_data).status_code == 302
    assert Proposal.objects.count() == 3


def test_publishing_drafts_is_limited(limits, client, proposal_factory, user):
    drafts = proposal_factory.create_batch(3, author=user, stage=Stage.DRAFT)
    client.force_login(user)
    for draft in drafts[:2]:
        url = reverse("proposals:proposal-publish", args=[draft.pk])
        assert client.post(url).status_code == 302
    url = reverse("proposals:proposal-publish", args=[drafts[2].pk])
    response = client.post(url)
    assert response.status_code == 429
    assert korean(PUBLISHED) in response.content.decode()
    drafts[2].refresh_from_db()
    assert drafts[2].stage == Stage.DRAFT


def test_the_address_limit_applies_across_people(settings, client, open_proposal):
    settings.RATE_LIMITS = {
        **settings.RATE_LIMITS,
        "comment": {"user": (100, 600), "ip": (2, 600)},
    }
    url = reverse("proposals:comment-create", args=[open_proposal.pk])
    for n in range(2):
        client.force_login(UserFactory())
        assert client.post(url, {"body": f"Comment {n}"}).status_code == 302
    client.force_login(UserFactory())
    assert client.post(url, {"body": "Third"}).status_code == 429
    assert Comment.objects.count() == 2


def test_api_create_is_refused_with_retry_after(limits, client, user, category):
    client.force_login(user)
    payload = {
        "title": "Bike lanes",
        "summary": "More of them",
        "problem": "Few lanes",
        "solution": "Build lanes",
        "category": category.slug,
        "district": "mapo",
    }
    for _n in range(2):
        response = client.post(
            "/api/v1/proposals/", payload, content_type="application/json"
        )
        assert response.status_code == 201
    response = client.post(
        "/api/v1/proposals/", payload, content_type="application/json"
    )
    assert response.status_code == 429
    assert response.json()["code"] == "throttled"
    assert response.json()["detail"]
    assert 0 < int(response["Retry-After"]) <= 3600
    assert Proposal.objects.count() == 2
    client.force_login(UserFactory())
    response = client.post(
        "/api/v1/proposals/", payload, content_type="application/json"
    )
    assert response.status_code == 201


def test_comments_pass_while_the_cache_is_unreachable(
    settings, client, open_proposal, user2, caplog
):
    settings.CACHES = {
        "default": {
            "BACKEND": "oasis.core.cache.ResilientRedisCache",
            "LOCATION": "redis://127.0.0.1:1",  # nothing listens on port 1
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    settings.RATE_LIMITS = {
        **settings.RATE_LIMITS,
        "comment": {"user": (1, 600), "ip": (1, 600)},
    }
    client.force_login(user2)
    url = reverse("proposals:comment-create", args=[open_proposal.pk])
    with caplog.at_level(logging.WARNING):
        for n in range(3):
            assert client.post(url, {"body": f"Comment {n}"}).status_code == 302
    assert Comment.objects.count() == 3
    assert "cache unreachable" in caplog.text


# --- Reads of the public API ---------------------------------------------------------

READS = "You have sent many requests in a short time. Please wait and try again."


def test_api_list_and_search_are_limited_per_address(settings, client, open_proposal):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "proposal_list": {"ip": (3, 60)}}
    for query in ("", "?q=Idea", "?ordering=-vote_count"):
        assert client.get(f"/api/v1/proposals/{query}").status_code == 200

    response = client.get("/api/v1/proposals/?q=Idea")

    assert response.status_code == 429
    assert response.json() == {"code": "throttled", "detail": korean(READS)}
    assert 0 < int(response["Retry-After"]) <= 60
    # Another address is not affected.
    other = client.get("/api/v1/proposals/", REMOTE_ADDR="203.0.113.9")
    assert other.status_code == 200


def test_api_reads_follow_the_setting_at_call_time(settings, client, open_proposal):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "proposal_list": {"ip": (2, 60)}}
    for _n in range(2):
        assert client.get("/api/v1/proposals/").status_code == 200
    assert client.get("/api/v1/proposals/").status_code == 429

    # A changed setting applies to the next request: nothing is frozen at import.
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "proposal_list": {"ip": (10, 60)}}
    assert client.get("/api/v1/proposals/").status_code == 200


def test_api_reads_pass_while_the_cache_is_unreachable(
    settings, client, open_proposal, caplog
):
    settings.CACHES = {
        "default": {
            "BACKEND": "oasis.core.cache.ResilientRedisCache",
            "LOCATION": "redis://127.0.0.1:1",  # nothing listens on port 1
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "proposal_list": {"ip": (1, 60)}}
    with caplog.at_level(logging.WARNING):
        for query in ("", "?q=Idea", ""):
            assert client.get(f"/api/v1/proposals/{query}").status_code == 200
    assert "proposal_list rate limit skipped: cache unreachable" in caplog.text

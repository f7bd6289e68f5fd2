import datetime as dt

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from proposals.models import Stage
from voting import services
from voting.models import Channel, Vote
from voting.receipts import vote_receipt

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient(enforce_csrf_checks=True)


def url(proposal_or_pk):
    pk = getattr(proposal_or_pk, "pk", proposal_or_pk)
    return f"/api/v1/proposals/{pk}/vote/"


def login(api, user):
    api.force_authenticate(user=user)
    return api


def test_first_agreement_is_201_then_200_not_created(api, proposal, user):
    login(api, user)

    first = api.post(url(proposal))
    second = api.post(url(proposal))

    assert first.status_code == 201
    vote = Vote.objects.get()
    assert first.json() == {
        "created": True,
        "vote_count": 1,
        "stage": "open",
        "receipt": vote_receipt(vote),
    }
    assert vote.channel == Channel.API
    assert second.status_code == 200
    assert second.json()["created"] is False
    assert second.json()["vote_count"] == 1


def test_delete_is_200_with_deleted_and_count(api, proposal, user):
    services.vote_cast(proposal=proposal, user=user, channel="web")
    login(api, user)

    response = api.delete(url(proposal))

    assert response.status_code == 200
    assert response.json() == {"deleted": True, "vote_count": 0, "stage": "open"}
    again = api.delete(url(proposal))
    assert again.json()["deleted"] is False


def test_get_tells_whether_i_agreed(api, proposal, user):
    login(api, user)
    assert api.get(url(proposal)).json() == {
        "voted": False,
        "vote_count": 0,
        "receipt": "",
    }
    api.post(url(proposal))
    body = api.get(url(proposal)).json()
    assert body["voted"] is True
    assert body["receipt"] == vote_receipt(Vote.objects.get())


def test_closed_window_is_409_voting_closed(api, proposal_factory, user):
    proposal = proposal_factory(voting_ends_at=timezone.now() - dt.timedelta(hours=1))
    login(api, user)

    response = api.post(url(proposal))

    assert response.status_code == 409
    assert response.json()["code"] == "voting_closed"
    assert response.json()["vote_count"] == 0
    assert response.json()["detail"]


def test_retract_after_a_decision_is_409(api, proposal_factory, user):
    proposal = proposal_factory(stage=Stage.SELECTED)
    login(api, user)
    response = api.delete(url(proposal))
    assert response.status_code == 409
    assert response.json()["code"] == "voting_closed"


def test_unverified_is_403_verification_required(api, proposal, user_factory):
    login(api, user_factory(verified_email=False))

    response = api.post(url(proposal))

    assert response.status_code == 403
    assert response.json()["code"] == "verification_required"
    assert response.json()["vote_count"] == 0


def test_own_proposal_is_403_own_proposal(api, proposal):
    login(api, proposal.author)

    response = api.post(url(proposal))

    assert response.status_code == 403
    assert response.json()["code"] == "own_proposal"
    assert response.json()["vote_count"] == 0


def test_anonymous_is_refused(proposal):
    response = APIClient().post(url(proposal))
    assert response.status_code == 403
    assert response.json()["code"] == "not_authenticated"
    assert response.json()["vote_count"] == 0


def test_unknown_proposal_is_404(api, user):
    login(api, user)
    response = api.post(url(999_999))
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_session_clients_need_the_csrf_token(proposal, user):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(user)

    response = client.post(url(proposal))

    assert response.status_code == 403
    assert not Vote.objects.exists()


def test_per_user_limit_is_429_with_retry_after(api, settings, proposal_factory, user):
    settings.RATE_LIMITS = {
        **settings.RATE_LIMITS,
        "vote": {"user": (3, 60), "ip": (1000, 60)},
    }
    proposals = proposal_factory.create_batch(4)
    login(api, user)

    codes = [api.post(url(p)).status_code for p in proposals]

    assert codes == [201, 201, 201, 429]
    refused = api.post(url(proposals[3]))
    assert refused.json()["code"] == "throttled"
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert refused.json()["vote_count"] == 0
    assert Vote.objects.count() == 3


def test_per_ip_limit_counts_everyone_behind_one_address(
    api, settings, proposal, user_factory
):
    settings.RATE_LIMITS = {
        **settings.RATE_LIMITS,
        "vote": {"user": (100, 60), "ip": (2, 60)},
    }
    people = user_factory.create_batch(3)

    codes = []
    for person in people:
        login(api, person)
        codes.append(api.post(url(proposal)).status_code)

    assert codes == [201, 201, 429]


def test_api_vote_query_budget(api, proposal, user, django_assert_max_num_queries):
    login(api, user)
    # email check (1), row lock with "already agreed?" (1), insert (1), counter (1).
    # vote_cast needs no savepoint.
    with django_assert_max_num_queries(4):
        response = api.post(url(proposal))
    assert response.status_code == 201

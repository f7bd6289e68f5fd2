"""Behind load balancers the per-address limit counts each client, not the proxy."""

import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def agree_from(person, proposal, forwarded_for: str) -> int:
    api = APIClient(REMOTE_ADDR="10.0.0.1")  # the load balancer
    api.force_login(person)
    response = api.post(
        f"/api/v1/proposals/{proposal.pk}/vote/", HTTP_X_FORWARDED_FOR=forwarded_for
    )
    return response.status_code


def test_clients_behind_one_proxy_have_their_own_limits(
    settings, proposal_factory, user_factory
):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    settings.RATE_LIMITS = {
        **settings.RATE_LIMITS,
        "vote": {"user": (100, 60), "ip": (1, 60)},
    }
    first, second = user_factory.create_batch(2)

    codes = [
        agree_from(first, proposal_factory(), "203.0.113.7"),
        agree_from(second, proposal_factory(), "198.51.100.9"),
        agree_from(second, proposal_factory(), "198.51.100.9"),
    ]

    assert codes == [201, 201, 429]

"""When the shared cache is down, rate limits let requests through, log, and voting
keeps working."""

import logging

import pytest
from django.core.cache import caches
from django.urls import reverse
from rest_framework.test import APIClient

from voting.models import Vote

pytestmark = pytest.mark.django_db

UNREACHABLE = {
    "default": {
        "BACKEND": "oasis.core.cache.ResilientRedisCache",
        # Nothing listens on port 1.
        "LOCATION": "redis://127.0.0.1:1",
        "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
    }
}


@pytest.fixture
def cache_down(settings):
    # Changing CACHES resets Django's cache handlers (setting_changed signal).
    settings.CACHES = UNREACHABLE
    settings.RATE_LIMITS = {
        **settings.RATE_LIMITS,
        "vote": {"user": (1, 60), "ip": (1, 60)},
    }
    assert type(caches["default"]).__name__ == "ResilientRedisCache"


def test_api_votes_pass_while_the_cache_is_unreachable(
    cache_down, proposal_factory, user, caplog
):
    api = APIClient()
    api.force_authenticate(user=user)
    proposals = proposal_factory.create_batch(3)

    with caplog.at_level(logging.WARNING):
        codes = [
            api.post(f"/api/v1/proposals/{p.pk}/vote/").status_code for p in proposals
        ]

    # With the cache up, a limit of 1 a minute would refuse the second and third.
    assert codes == [201, 201, 201]
    assert Vote.objects.count() == 3
    assert "cache unreachable" in caplog.text


def test_web_votes_pass_while_the_cache_is_unreachable(
    cache_down, client, proposal, user
):
    client.force_login(user)

    response = client.post(
        reverse("voting:vote-create", args=[proposal.pk]), HTTP_HX_REQUEST="true"
    )

    assert response.status_code == 200
    assert Vote.objects.filter(user=user).count() == 1


def test_limits_hold_through_a_real_redis(settings, proposal_factory, user):
    import os
    from urllib.parse import urlparse

    from tests.services import require, tcp_reachable

    redis_url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379")
    require("Redis", tcp_reachable(redis_url, 6379))
    settings.CACHES = {
        "default": {
            "BACKEND": "oasis.core.cache.ResilientRedisCache",
            # A database of its own: the test suite clears the cache between tests.
            "LOCATION": urlparse(redis_url)._replace(path="/13").geturl(),
            "KEY_PREFIX": "oasis-voting-test",
        }
    }
    settings.RATE_LIMITS = {
        **settings.RATE_LIMITS,
        "vote": {"user": (2, 60), "ip": (100, 60)},
    }
    caches["default"].clear()  # counts left by an earlier run in the same minute
    api = APIClient()
    api.force_authenticate(user=user)

    codes = [
        api.post(f"/api/v1/proposals/{p.pk}/vote/").status_code
        for p in proposal_factory.create_batch(3)
    ]

    assert codes == [201, 201, 429]

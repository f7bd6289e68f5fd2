import pytest
from django.contrib.auth.models import AnonymousUser

ROLES = ["anonymous", "citizen", "author", "staff"]


@pytest.fixture
def actor(user, user2, staff_user):
    """actor(role): the user of a role; the proposals in these tests belong to `user`."""

    def make(role):
        return {
            "anonymous": AnonymousUser(),
            "citizen": user2,
            "author": user,
            "staff": staff_user,
        }[role]

    return make

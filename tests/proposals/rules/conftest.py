import datetime as dt

import pytest
import rules
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

ROLES = ["anonymous", "citizen", "author", "staff"]
COMMENT_STATES = ["live", "old", "deleted", "hidden"]


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


@pytest.fixture
def has_comment_perm(comment_factory, proposal_factory, user, user2, actor):
    """has_comment_perm(permission, role, state): whether a role holds the permission on
    a comment that `user` (role "author") wrote on someone else's idea; the comment is
    a minute old ("live"), 20 minutes old ("old"), deleted or hidden."""

    def check(permission: str, role: str, state: str) -> bool:
        comment = comment_factory(
            author=user,
            proposal=proposal_factory(author=user2),
            is_deleted=state == "deleted",
            is_hidden=state == "hidden",
        )
        later = timezone.now() + dt.timedelta(minutes=20 if state == "old" else 1)
        with time_machine.travel(later, tick=False):
            return rules.has_perm(permission, actor(role), comment)

    return check

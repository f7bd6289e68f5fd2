"""Signed-in people report others' visible comments."""

import datetime as dt

import pytest
import rules
import time_machine
from django.utils import timezone

from tests.proposals.rules.conftest import ROLES

pytestmark = pytest.mark.django_db
PERMISSION = "proposals.report_comment"
STATES = ["live", "old", "deleted", "hidden"]


def expected(role: str, state: str) -> bool:
    return role in {"citizen", "staff"} and state in {"live", "old"}


def test_the_permission_exists():
    assert rules.perm_exists(PERMISSION)


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", ROLES)
def test_matrix(comment_factory, proposal_factory, user, user2, actor, role, state):
    # the comment is written by `user` (role "author") on someone else's idea
    comment = comment_factory(
        author=user,
        proposal=proposal_factory(author=user2),
        is_deleted=state == "deleted",
        is_hidden=state == "hidden",
    )
    later = timezone.now() + dt.timedelta(minutes=20 if state == "old" else 1)
    with time_machine.travel(later, tick=False):
        assert rules.has_perm(PERMISSION, actor(role), comment) is expected(role, state)

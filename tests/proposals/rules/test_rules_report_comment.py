"""Signed-in people report others' visible comments."""

import pytest
import rules

from tests.proposals.rules.conftest import COMMENT_STATES, ROLES

pytestmark = pytest.mark.django_db
PERMISSION = "proposals.report_comment"


def expected(role: str, state: str) -> bool:
    return role in {"citizen", "staff"} and state in {"live", "old"}


def test_the_permission_exists():
    assert rules.perm_exists(PERMISSION)


@pytest.mark.parametrize("state", COMMENT_STATES)
@pytest.mark.parametrize("role", ROLES)
def test_matrix(has_comment_perm, role, state):
    assert has_comment_perm(PERMISSION, role, state) is expected(role, state)

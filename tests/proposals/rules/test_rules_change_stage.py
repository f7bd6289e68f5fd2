"""Only staff move ideas along the lifecycle by hand (the service checks the table)."""

import pytest
import rules

from proposals.models import Stage
from tests.proposals.rules.conftest import ROLES

pytestmark = pytest.mark.django_db
PERMISSION = "proposals.change_stage"


def expected(role: str, stage: str, hidden: bool) -> bool:
    return role == "staff"


def test_the_permission_exists():
    assert rules.perm_exists(PERMISSION)


@pytest.mark.parametrize("hidden", [False, True])
@pytest.mark.parametrize("stage", list(Stage))
@pytest.mark.parametrize("role", ROLES)
def test_matrix(proposal_factory, user, actor, role, stage, hidden):
    proposal = proposal_factory(author=user, stage=stage, is_hidden=hidden)
    assert rules.has_perm(PERMISSION, actor(role), proposal) is expected(
        role, stage, hidden
    )

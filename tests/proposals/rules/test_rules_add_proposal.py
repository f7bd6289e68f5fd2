"""Every signed-in, active person may propose an idea."""

import pytest
import rules
from django.contrib.auth.models import AnonymousUser

pytestmark = pytest.mark.django_db
PERMISSION = "proposals.add_proposal"


def test_the_permission_exists():
    assert rules.perm_exists(PERMISSION)


def test_matrix(user, staff_user, user_factory):
    assert not rules.has_perm(PERMISSION, AnonymousUser())
    assert rules.has_perm(PERMISSION, user)
    assert rules.has_perm(PERMISSION, staff_user)
    assert not rules.has_perm(PERMISSION, user_factory(is_active=False))

"""The refusal helpers every app's views use."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.test import RequestFactory

from oasis.core.errors import Conflict, NotAllowed
from oasis.core.views import refuse_with_message, require_perm, rule_required

pytestmark = pytest.mark.django_db


def _request(user):
    request = RequestFactory().get("/somewhere/")
    request.user = user
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def test_require_perm_asks_the_rule_not_the_superuser_flag(staff_user, user):
    # The rule: only staff see the dashboard; a superuser is staff here.
    require_perm(_request(staff_user), "staff.view_dashboard")
    with pytest.raises(PermissionDenied):
        require_perm(_request(user), "staff.view_dashboard")
    with pytest.raises(PermissionDenied):
        require_perm(_request(staff_user), "no_app.no_such_rule")


def test_rule_required_signs_in_first_then_refuses(user, staff_user):
    view = rule_required("staff.view_dashboard")(lambda request: HttpResponse("ok"))

    anonymous = view(_request(AnonymousUser()))
    assert anonymous.status_code == 302
    assert "/accounts/login/" in anonymous["Location"]
    with pytest.raises(PermissionDenied):
        view(_request(user))
    assert view(_request(staff_user)).content == b"ok"


def test_refusals_are_a_403_or_a_message(user):
    request = _request(user)
    with pytest.raises(PermissionDenied):
        refuse_with_message(request, NotAllowed())

    refuse_with_message(request, Conflict("Someone else saved first."))

    assert [str(m) for m in get_messages(request)] == ["Someone else saved first."]

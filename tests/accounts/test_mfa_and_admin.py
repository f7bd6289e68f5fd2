"""Staff and reviewers set up an authenticator first; /admin/ signs in through allauth."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth.models import Group

from oasis.accounts.models import REVIEWERS_GROUP
from tests.accounts.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db

TOTP_SETUP = "/accounts/2fa/totp/activate/"


@pytest.fixture
def mfa_required(settings):
    settings.MFA_REQUIRED_FOR_PRIVILEGED = True


@pytest.fixture
def reviewer(user2):
    user2.groups.add(Group.objects.get_or_create(name=REVIEWERS_GROUP)[0])
    return user2


@pytest.mark.parametrize("url", ["/", "/privacy/", "/admin/", "/notifications/"])
def test_staff_without_totp_is_sent_to_the_totp_setup(
    client, staff_user, mfa_required, url
):
    client.force_login(staff_user)

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith(TOTP_SETUP)
    assert f"next={url.replace('/', '%2F')}" in response["Location"]


@pytest.mark.parametrize("url", ["/", "/accounts/profile/"])
def test_reviewer_without_totp_is_sent_to_the_totp_setup(
    client, reviewer, mfa_required, url
):
    client.force_login(reviewer)

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith(TOTP_SETUP)


def test_the_totp_setup_page_itself_is_reachable(client, staff_user, mfa_required):
    client.force_login(staff_user)

    response = client.get(TOTP_SETUP, follow=True)

    # allauth asks for the password again before adding an authenticator; the
    # middleware lets that page through, so there is no redirect loop.
    assert response.status_code == 200
    assert response.redirect_chain == [
        ("/accounts/reauthenticate/?next=%2Faccounts%2F2fa%2Ftotp%2Factivate%2F", 302)
    ]


def test_a_citizen_is_not_asked_for_totp(client, user, mfa_required):
    client.force_login(user)

    assert client.get("/").status_code == 200
    assert client.get("/accounts/profile/").status_code == 200


def test_staff_and_reviewers_with_an_authenticator_pass(
    client, staff_user, reviewer, mfa_required
):
    TOTP.activate(staff_user, generate_totp_secret())
    TOTP.activate(reviewer, generate_totp_secret())

    client.force_login(staff_user)
    assert client.get("/").status_code == 200
    assert client.get("/admin/").status_code == 200
    client.force_login(reviewer)
    assert client.get("/").status_code == 200


def test_nothing_is_enforced_when_the_setting_is_off(client, staff_user, settings):
    settings.MFA_REQUIRED_FOR_PRIVILEGED = False
    client.force_login(staff_user)

    assert client.get("/admin/").status_code == 200


def test_admin_login_redirects_to_the_allauth_login(client):
    response = client.get("/admin/", follow=True)

    assert response.redirect_chain[0] == ("/admin/login/?next=/admin/", 302)
    assert response.redirect_chain[1] == ("/accounts/login/?next=%2Fadmin%2F", 302)
    assert response.status_code == 200
    assert response.resolver_match.url_name == "account_login"


def test_staff_sign_in_through_allauth_reaches_the_admin(client, staff_user):
    response = client.post(
        "/accounts/login/?next=/admin/",
        {"login": staff_user.email, "password": TEST_PASSWORD, "next": "/admin/"},
    )

    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_staff_with_totp_must_enter_a_code_to_reach_the_admin(client, staff_user):
    TOTP.activate(staff_user, generate_totp_secret())

    response = client.post(
        "/accounts/login/",
        {"login": staff_user.email, "password": TEST_PASSWORD, "next": "/admin/"},
    )

    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert client.get("/admin/").status_code == 302  # not signed in yet


def test_a_signed_in_citizen_gets_403_from_the_admin_not_a_loop(client, user):
    client.force_login(user)

    response = client.get("/admin/", follow=True)

    assert response.status_code == 403
    assert len(response.redirect_chain) == 1

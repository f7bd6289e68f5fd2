"""Self-service under PIPA: the privacy notice, download my data, delete my account."""

import json

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.models import Group
from django.utils import timezone
from django.utils.translation import override

from oasis.accounts import privacy
from oasis.accounts.models import REVIEWERS_GROUP, PhoneCode, User
from oasis.accounts.phones import protect_phone
from oasis.accounts.services import user_delete
from oasis.core.models import AuditEvent, District
from tests.accounts.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def phone_user(user):
    protected = protect_phone("010-5555-1234")
    user.phone_hmac = protected.hmac
    user.phone_encrypted = protected.encrypted
    user.phone_last_digits = protected.last_digits
    user.phone_verified_at = timezone.now()
    user.home_district = District.objects.get(code="jongno")
    user.save()
    return user


def test_privacy_notice_explains_collection_purpose_and_retention(client):
    response = client.get("/privacy/", HTTP_ACCEPT_LANGUAGE="en")

    html = response.content.decode()
    assert response.status_code == 200
    for heading in ("What we collect", "Why", "How long", "Your rights"):
        assert f"<h2>{heading}</h2>" in html


def test_export_downloads_my_data_as_json(client, phone_user):
    client.force_login(phone_user)

    response = client.get("/accounts/profile/export/")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["account"]["email"] == phone_user.email
    assert data["account"]["display_name"] == phone_user.display_name
    assert data["account"]["home_district"] == "jongno"
    assert data["account"]["phone_last_digits"] == "1234"
    assert data["account"]["privacy_consent_at"]
    assert data["email_addresses"] == [
        {"email": phone_user.email, "verified": True, "primary": True}
    ]
    # Never the number itself, nor its protected forms.
    assert "5555" not in response.content.decode()
    assert phone_user.phone_hmac not in response.content.decode()


def test_export_includes_sections_registered_by_other_apps(client, user, monkeypatch):
    monkeypatch.setattr(privacy, "_exporters", {})
    privacy.register_export("ideas", lambda person: [{"title": f"by {person.pk}"}])
    client.force_login(user)

    data = json.loads(client.get("/accounts/profile/export/").content)

    assert data["ideas"] == [{"title": f"by {user.pk}"}]


def test_export_needs_a_signed_in_user(client):
    assert client.get("/accounts/profile/export/").status_code == 302


def test_deleting_my_account_anonymises_it_and_signs_me_out(client, phone_user):
    client.force_login(phone_user)
    pk, phone_hash, email = phone_user.pk, phone_user.phone_hmac, phone_user.email

    page = client.get("/accounts/profile/delete/")
    refused = client.post("/accounts/profile/delete/", {})
    response = client.post("/accounts/profile/delete/", {"confirm": "on"})

    assert page.status_code == 200
    assert refused.status_code == 200
    assert response.status_code == 302
    assert SESSION_KEY not in client.session
    user = User.objects.get(pk=pk)  # the row stays, as a placeholder
    assert user.email is None
    assert user.display_name == ""
    assert user.home_district is None
    assert user.phone_encrypted == ""
    assert user.phone_last_digits == ""
    assert not user.is_active
    assert not user.has_usable_password()
    assert user.anonymised_at is not None
    with override("en"):
        assert str(user) == "(deleted account)"
    # Kept so that nobody agrees twice by deleting and signing up again.
    assert user.phone_hmac == phone_hash
    assert not EmailAddress.objects.filter(email=email).exists()
    assert AuditEvent.objects.filter(
        action="account.delete", target_id=str(pk)
    ).exists()


def test_a_deleted_account_cannot_log_in(client, user):
    email = user.email
    user_delete(user=user)

    response = client.post(
        "/accounts/login/", {"login": email, "password": TEST_PASSWORD}
    )

    assert response.status_code == 200
    assert SESSION_KEY not in client.session


def test_the_email_of_a_deleted_account_can_sign_up_again(client, user):
    email = user.email
    user_delete(user=user)

    client.post(
        "/accounts/signup/",
        {
            "email": email,
            "password1": "a-Long-and-unusual-passphrase-42",
            "password2": "a-Long-and-unusual-passphrase-42",
            "privacy_consent": "on",
        },
    )

    assert User.objects.filter(email=email).exclude(pk=user.pk).exists()


def test_deletion_removes_roles_authenticators_and_pending_codes(staff_user):
    staff_user.groups.add(Group.objects.create(name=REVIEWERS_GROUP))
    TOTP.activate(staff_user, generate_totp_secret())
    PhoneCode.objects.create(
        purpose=PhoneCode.Purpose.ACCOUNT_VERIFICATION,
        user=staff_user,
        phone_hmac="x" * 64,
        phone_encrypted="x",
        phone_last_digits="0000",
        code_hash="y" * 64,
        expires_at=timezone.now(),
    )

    user_delete(user=staff_user)

    staff_user.refresh_from_db()
    assert not staff_user.is_staff
    assert not staff_user.is_superuser
    assert not staff_user.groups.exists()
    assert not Authenticator.objects.filter(user=staff_user).exists()
    assert not PhoneCode.objects.filter(user=staff_user).exists()


def test_deletion_runs_the_hooks_other_apps_registered(user, monkeypatch):
    monkeypatch.setattr(privacy, "_deleters", [])
    seen = []
    privacy.register_deletion(seen.append)

    user_delete(user=user)

    assert seen == [user]

"""The admin for people: lists, edits and creates users by email."""

import pytest

from oasis.accounts.models import User

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path",
    [
        "/admin/accounts/user/",
        "/admin/accounts/user/add/",
        "/admin/accounts/phonecode/",
        "/admin/core/district/",
    ],
)
def test_admin_pages_render(admin_client, path):
    assert admin_client.get(path).status_code == 200


def test_admin_user_page_shows_only_the_last_phone_digits(admin_client, user):
    user.phone_last_digits = "4321"
    user.phone_hmac = "f" * 64
    user.save(update_fields=["phone_last_digits", "phone_hmac"])

    html = admin_client.get(f"/admin/accounts/user/{user.pk}/change/").content.decode()

    assert "4321" in html
    assert "f" * 64 not in html


def test_admin_creates_a_user_by_email(admin_client):
    response = admin_client.post(
        "/admin/accounts/user/add/",
        {
            "email": "new.staff@example.org",
            "password1": "x-Long-passphrase-99",
            "password2": "x-Long-passphrase-99",
            "usable_password": "true",
        },
    )

    assert response.status_code == 302
    assert User.objects.get(email="new.staff@example.org").check_password(
        "x-Long-passphrase-99"
    )

"""Sign-in returns to the page the person came from; without one, staff land on the
console and reviewers on their reviews."""

import pytest
from django.contrib.auth.models import Group

from oasis.accounts.models import REVIEWERS_GROUP
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "a-Long-and-unusual-passphrase-42"


def person(**fields):
    from allauth.account.models import EmailAddress

    user = UserFactory(**fields)
    user.set_password(PASSWORD)
    user.save()
    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    return user


def sign_in(client, user, next_url=None):
    url = "/accounts/login/" + (f"?next={next_url}" if next_url else "")
    return client.post(url, {"login": user.email, "password": PASSWORD})


def test_a_citizen_returns_to_the_page_they_came_from(client):
    citizen = person()
    response = sign_in(client, citizen, "/proposals/%3Fcategory%3Dparks")
    assert response.status_code == 302
    assert response["Location"] == "/proposals/?category=parks"


def test_the_log_in_link_carries_the_current_page(client):
    html = client.get("/proposals/").content.decode()
    assert 'href="/accounts/login/?next=/proposals/"' in html


def test_without_a_next_page_a_citizen_goes_home(client):
    assert sign_in(client, person())["Location"] == "/"


def test_without_a_next_page_a_reviewer_goes_to_the_reviews(client, settings):
    settings.MFA_REQUIRED_FOR_PRIVILEGED = False
    reviewer = person()
    reviewer.groups.add(Group.objects.get_or_create(name=REVIEWERS_GROUP)[0])
    response = sign_in(client, reviewer)
    assert response["Location"] == "/review/"


def test_without_a_next_page_staff_go_to_the_console(client, settings):
    settings.MFA_REQUIRED_FOR_PRIVILEGED = False
    staff = person(is_staff=True)
    response = sign_in(client, staff)
    assert response["Location"] == "/staff/"

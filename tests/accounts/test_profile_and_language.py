"""Profile editing and the interface language: Korean unless the visitor chose English."""

import pytest

from oasis.core.models import District
from tests.accounts.helpers import translated

pytestmark = pytest.mark.django_db

HEADLINE = "Your idea can change Seoul"


def lang_of(response) -> str:
    return response.content.decode().split('<html lang="', 1)[1].split('"', 1)[0]


def test_korean_is_served_by_default(client):
    response = client.get("/")

    assert lang_of(response) == "ko"
    assert translated(HEADLINE, "ko") in response.content.decode()


@pytest.mark.parametrize(
    ("accept_language", "expected"),
    [
        ("en", "en"),
        ("en-US,en;q=0.9,ko;q=0.8", "en"),
        ("ko-KR,ko;q=0.9,en;q=0.8", "ko"),
        ("fr-FR,fr;q=0.9", "ko"),
    ],
)
def test_browser_language_is_honoured_only_for_english_before_korean(
    client, accept_language, expected
):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=accept_language)

    assert lang_of(response) == expected


def test_english_visitor_sees_the_english_interface(client):
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert HEADLINE in html
    assert "Log in" in html


def test_language_switch_sets_the_cookie_and_shows_english(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/privacy/"})

    assert response.status_code == 302
    assert response["Location"] == "/privacy/"
    assert client.cookies["django_language"].value == "en"
    page = client.get("/privacy/")
    assert lang_of(page) == "en"
    assert "Privacy notice" in page.content.decode()


def test_language_switch_is_saved_on_the_profile(client, user):
    client.force_login(user)

    client.post("/i18n/setlang/", {"language": "en", "next": "/"})

    user.refresh_from_db()
    assert user.preferred_language == "en"
    assert lang_of(client.get("/")) == "en"


def test_language_switch_ignores_unknown_languages(client, user):
    client.force_login(user)

    client.post("/i18n/setlang/", {"language": "fr", "next": "/"})

    user.refresh_from_db()
    assert user.preferred_language == "ko"
    assert lang_of(client.get("/")) == "ko"


def test_language_switch_is_on_every_page(client, user):
    pages = ["/", "/privacy/", "/accounts/login/", "/accounts/signup/"]
    for url in pages:
        assert 'action="/i18n/setlang/"' in client.get(url).content.decode(), url
    client.force_login(user)
    for url in ["/accounts/profile/", "/notifications/"]:
        assert 'action="/i18n/setlang/"' in client.get(url).content.decode(), url


def test_profile_edit_saves_name_district_and_language(client, user):
    client.force_login(user)
    mapo = District.objects.get(code="mapo")

    response = client.post(
        "/accounts/profile/",
        {
            "display_name": "마포 주민",
            "home_district": mapo.pk,
            "preferred_language": "en",
        },
    )

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.display_name == "마포 주민"
    assert user.home_district == mapo
    assert user.preferred_language == "en"
    assert client.cookies["django_language"].value == "en"
    page = client.get("/accounts/profile/")
    assert "Your profile was saved." in page.content.decode()
    assert "마포 주민" in page.content.decode()


def test_profile_refuses_an_unknown_district(client, user):
    client.force_login(user)

    response = client.post(
        "/accounts/profile/",
        {"display_name": "x", "home_district": 999999, "preferred_language": "ko"},
    )

    assert response.status_code == 200
    user.refresh_from_db()
    assert user.display_name != "x"


def test_profile_needs_a_signed_in_user(client):
    response = client.get("/accounts/profile/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/accounts/profile/"

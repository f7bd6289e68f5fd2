"""Error pages 400/403/404/500 in Korean and in English, inside the site layout."""

import pytest
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.urls import path

from oasis.urls import urlpatterns as site_urlpatterns
from tests.accounts.helpers import translated

pytestmark = pytest.mark.django_db


def _raise(exception):
    def view(request):
        raise exception

    return view


def _crash(request):
    raise RuntimeError("boom")


urlpatterns = [
    path("test-400/", _raise(SuspiciousOperation("bad"))),
    path("test-403/", _raise(PermissionDenied())),
    path("test-500/", _crash),
    *site_urlpatterns,
]
handler400 = "oasis.core.views.bad_request"
handler403 = "oasis.core.views.permission_denied"
handler404 = "oasis.core.views.page_not_found"
handler500 = "oasis.core.views.server_error"

PAGES = [
    ("/test-400/", 400, "Bad request"),
    ("/test-403/", 403, "Access denied"),
    ("/no-such-page/", 404, "Page not found"),
]


@pytest.fixture(autouse=True)
def _error_urls(settings):
    settings.ROOT_URLCONF = __name__


@pytest.mark.parametrize(("url", "status", "title"), PAGES)
@pytest.mark.parametrize("language", ["ko", "en"])
def test_error_page_in_both_languages(client, url, status, title, language):
    response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)

    html = response.content.decode()
    assert response.status_code == status
    assert f'<html lang="{language}">' in html
    assert f"<h1>{translated(title, language)}</h1>" in html
    assert 'href="#main"' in html  # the site layout, with its skip link
    assert 'action="/i18n/setlang/"' in html


def test_english_error_pages_say_it_in_english(client):
    html = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "<h1>Page not found</h1>" in html
    assert "Go to the home page" in html


@pytest.mark.parametrize("language", ["ko", "en"])
def test_server_error_page_in_both_languages(client, language):
    client.raise_request_exception = False

    response = client.get("/test-500/", HTTP_ACCEPT_LANGUAGE=language)

    html = response.content.decode()
    assert response.status_code == 500
    assert f'<html lang="{language}">' in html
    assert translated("Something went wrong", language) in html

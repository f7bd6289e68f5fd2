"""Playwright on Debian's Chromium (/usr/bin/chromium) against pytest-django's live server."""

import os
import shutil

import pytest
from django.conf import settings
from django.test import Client

from oasis.core.districts import SEOUL_DISTRICTS
from oasis.core.models import District
from tests.districts import seeded_district
from tests.services import require

# Playwright's sync API runs an event loop in this thread; the ORM calls that tests make
# between browser steps are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = (
    os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
)
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    require(
        "Chromium",
        os.path.exists(CHROMIUM),
        f"{CHROMIUM} is missing (apt-get install chromium)",
    )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def new_context(browser, live_server):
    contexts = []

    def make(**options):
        options.setdefault("locale", "ko-KR")
        options.setdefault("base_url", live_server.url)
        options.setdefault("viewport", {"width": 390, "height": 844})
        context = browser.new_context(**options)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_context):
    return new_context().new_page()


@pytest.fixture
def signed_in_context(new_context, live_server):
    """signed_in_context(user, **options): a browser context carrying a session of
    `user` (signed in through Django's test client)."""

    def make(user, **options):
        client = Client()
        client.force_login(user)
        context = new_context(**options)
        context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                    "url": live_server.url,
                }
            ]
        )
        return context

    return make


@pytest.fixture
def signed_in_page(signed_in_context):
    """signed_in_page(user, **options): a page in a context signed in as `user`."""

    def make(user, **options):
        return signed_in_context(user, **options).new_page()

    return make


@pytest.fixture
def districts():
    """Seoul's 25 districts by code. Transactional tests flush what the data migration
    seeded, so they are put back."""
    for code, *_seed in SEOUL_DISTRICTS:
        seeded_district(code)
    return {district.code: district for district in District.objects.all()}


@pytest.fixture
def axe():
    """axe(page) fails the test on any serious or critical violation."""
    from axe_playwright_python.sync_playwright import Axe

    checker = Axe()

    def check(page, context: str = ""):
        results = checker.run(page)
        bad = [
            v
            for v in results.response["violations"]
            if v.get("impact") in {"serious", "critical"}
        ]
        details = "\n".join(
            f"{v['id']} ({v['impact']}): {v['help']} — "
            + "; ".join(
                n["target"][0] if isinstance(n["target"][0], str) else str(n["target"])
                for n in v["nodes"][:5]
            )
            for v in bad
        )
        assert not bad, f"axe violations on {context or page.url}:\n{details}"

    return check

"""The bell, the notification list and the settings page in a real browser."""

import re

import pytest
from playwright.sync_api import expect

from oasis.notifications.models import Notification
from tests.accounts.factories import UserFactory
from tests.notifications.factories import NotificationFactory
from tests.proposals.factories import ProposalFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_bell_rises_opens_the_idea_and_clears(live_server, signed_in_page):
    from proposals.services import comment_create

    author = UserFactory(preferred_language="en")
    proposal = ProposalFactory(author=author)
    page = signed_in_page(author)
    bell = page.get_by_test_id("bell-count")

    page.goto("/notifications/")
    expect(bell).to_have_count(0)

    # when another person comments on the author's idea
    comment_create(proposal=proposal, author=UserFactory(), body="I agree, do it!")
    page.reload()

    # then the bell counts it
    expect(bell).to_have_text(re.compile(r"^\s*1\b"))
    notification = page.get_by_test_id("notification").first
    expect(notification).to_contain_text(proposal.title)

    # and the notification opens the idea
    notification.locator(".notification-open").get_by_role("button").click()
    expect(page).to_have_url(
        re.compile(re.escape(live_server.url + proposal.get_absolute_url()))
    )
    expect(bell).to_have_count(0)

    # when more arrive and the author marks all as read
    NotificationFactory.create_batch(2, recipient=author)
    page.goto("/notifications/")
    expect(bell).to_have_text(re.compile(r"^\s*2\b"))
    page.get_by_test_id("mark-all-read").click()
    expect(bell).to_have_count(0)
    assert not Notification.objects.filter(recipient=author, read_at=None).exists()


@pytest.mark.parametrize("locale", ["ko-KR", "en-US"])
def test_notification_pages_are_accessible(signed_in_page, axe, locale):
    user = UserFactory()
    NotificationFactory.create_batch(3, recipient=user)
    NotificationFactory(recipient=user, read_at="2026-01-01T00:00:00+09:00")
    page = signed_in_page(user)
    page.context.set_extra_http_headers({"Accept-Language": locale})

    page.goto("/notifications/")
    expect(page.get_by_test_id("notification")).to_have_count(4)
    axe(page, "/notifications/")

    page.locator('main a[href="/notifications/preferences/"]').click()
    expect(page).to_have_url(re.compile("/notifications/preferences/$"))
    axe(page, "/notifications/preferences/")

    # saving works with the keyboard-reachable controls
    page.locator("#id_own_content__email").select_option("daily")
    page.locator(".preferences-form button[type=submit]").click()
    expect(page.locator(".message-success")).to_have_count(1)
    expect(page.locator("#id_own_content__email")).to_have_value("daily")
    axe(page, "/notifications/preferences/ (saved)")

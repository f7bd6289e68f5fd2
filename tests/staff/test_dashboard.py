"""/staff/: staff only; each number counts what its link lists in the admin."""

import datetime as dt
import re

import pytest
from django.conf import settings
from django.utils import timezone

from kiosks.models import Kiosk
from oasis.core.audit import audit_record
from oasis.notifications.models import Delivery
from proposals.models import Report, Stage
from proposals.reviews.models import ReviewRound
from tests.voting.factories import add_votes

pytestmark = pytest.mark.django_db


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get("/staff/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_citizens_are_refused(client, user):
    client.force_login(user)
    assert client.get("/staff/").status_code == 403
    assert client.get("/staff/audit/").status_code == 403


def test_staff_nav_link_only_for_staff(client, user, plain_staff):
    client.force_login(user)
    assert 'href="/staff/"' not in client.get("/").text
    client.force_login(plain_staff)
    assert 'href="/staff/"' in client.get("/").text


@pytest.fixture
def busy_programme(
    proposal_factory,
    user_factory,
    kiosk_factory,
    delivery_factory,
    review_round_factory,
):
    now = timezone.now()
    late = now - dt.timedelta(days=settings.REVIEW_ANSWER_DUE_DAYS + 2)
    proposal_factory(stage=Stage.OPEN)
    reported = proposal_factory(stage=Stage.OPEN)
    proposal_factory(stage=Stage.IN_REVIEW, in_review_at=late)
    proposal_factory(stage=Stage.IN_REVIEW, in_review_at=now)
    add_votes(reported, 3)
    add_votes(reported, 2, at=now - dt.timedelta(days=10))
    Report.objects.create(proposal=reported, reporter=user_factory(), reason="spam")
    kiosk_factory(credential_hash="x" * 64, is_online=False)  # offline
    kiosk_factory(credential_hash="y" * 64, is_online=True)
    kiosk_factory()  # never enrolled: not "offline"
    delivery_factory(status=Delivery.Status.FAILED)
    delivery_factory(status=Delivery.Status.SENT)
    review_round_factory(state=ReviewRound.State.OPEN)
    review_round_factory(state=ReviewRound.State.PUBLISHED)
    return now


def figure(html: str, key: str) -> tuple[int, str]:
    match = re.search(
        rf'<a href="([^"]+)" data-testid="{key}">\s*<span class="figure-value" '
        r'data-value="(\d+)"',
        html,
    )
    assert match, key
    return int(match[2]), match[1].replace("&amp;", "&")


def test_each_number_links_to_the_list_it_counts(staff_client, busy_programme):
    html = staff_client.get("/staff/").text

    expected = {
        "agreements-week": None,  # depends on the weekday; checked through its link
        "answers-overdue": 1,
        "reports-waiting": 1,
        "kiosks-offline": 1,
        "rounds-in-progress": 1,
        "deliveries-failed": 1,
    }
    for key, count in expected.items():
        value, url = figure(html, key)
        if count is not None:
            assert value == count, key
        listing = staff_client.get(url)
        assert listing.status_code == 200, url
        assert listing.context["cl"].result_count == value, (key, url)


def test_ideas_by_stage_link_to_the_filtered_admin(staff_client, busy_programme):
    html = staff_client.get("/staff/").text

    row = html.split('data-key="stage-in_review"', 1)[1].split("</tr>", 1)[0]
    url = re.search(r'href="([^"]+)"', row)[1].replace("&amp;", "&")
    assert ">2</a>" in row
    assert staff_client.get(url).context["cl"].result_count == 2


def test_latest_audit_entries_are_shown(staff_client, staff_user, busy_programme):
    kiosk = Kiosk.objects.first()
    audit_record(actor=staff_user, action="kiosk.revoke", target=kiosk)

    html = staff_client.get("/staff/").text

    assert "kiosk.revoke" in html


def test_query_budget(
    staff_client, busy_programme, django_assert_max_num_queries, staff_user
):
    for _ in range(10):
        audit_record(actor=staff_user, action="proposal.transition")
    # session, user, stages (with overdue answers), agreements this week, reports,
    # kiosks, rounds, deliveries, latest audit entries with actors, the bell
    with django_assert_max_num_queries(10):
        assert staff_client.get("/staff/").status_code == 200

"""The audit log: staff filter it by actor, action, target and date, in the admin and on
/staff/audit/; nobody can add, change or delete an entry through the application."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from oasis.core.audit import audit_record
from oasis.core.models import AuditEvent, District
from oasis.staff.selectors import AUDIT_PAGE_SIZE

pytestmark = pytest.mark.django_db

ADMIN = "/admin/core/auditevent/"
SEOUL = ZoneInfo("Asia/Seoul")


@pytest.fixture
def trail(staff_user, plain_staff, proposal_factory):
    """Entries by two people and the system, on two targets, on two days."""
    idea = proposal_factory()
    district = District.objects.get(code="gangnam")
    entries = {
        "hide": audit_record(actor=staff_user, action="moderation.hide", target=idea),
        "move": audit_record(
            actor=plain_staff, action="proposal.transition", target=idea
        ),
        "auto": audit_record(actor=None, action="proposal.transition", target=idea),
    }
    # the audit table refuses updates, so the older entry is written at its own time
    with time_machine.travel(dt.datetime(2026, 1, 5, 12, 0, tzinfo=SEOUL), tick=False):
        entries["tile"] = audit_record(
            actor=plain_staff, action="core.district.change", target=district
        )
    return idea, district, entries


def shown(client, url, **params) -> set[int]:
    response = client.get(url, params)
    assert response.status_code == 200
    if "cl" in response.context:
        return {event.pk for event in response.context["cl"].result_list}
    return {event.pk for event in response.context["page"].items}


@pytest.mark.parametrize("url", [ADMIN, "/staff/audit/"])
def test_filter_by_actor_action_target_and_date(
    staff_client, staff_user, plain_staff, trail, url
):
    idea, _district, e = trail
    staff_page = url == "/staff/audit/"

    by_person = {"actor": plain_staff.email if staff_page else str(plain_staff.pk)}
    assert shown(staff_client, url, **by_person) == {e["move"].pk, e["tile"].pk}
    assert shown(staff_client, url, actor="system") == {e["auto"].pk}
    assert shown(staff_client, url, action="proposal.transition") == {
        e["move"].pk,
        e["auto"].pk,
    }
    target = {"target_type": "proposals.proposal", "target_id": str(idea.pk)}
    assert shown(staff_client, url, **target) == {
        e["hide"].pk,
        e["move"].pk,
        e["auto"].pk,
    }
    if staff_page:
        dates = {"since": "2026-01-05", "until": "2026-01-05"}
    else:
        dates = {
            "created_at__gte": "2026-01-05T00:00:00+09:00",
            "created_at__lt": "2026-01-06T00:00:00+09:00",
        }
    assert shown(staff_client, url, **dates) == {e["tile"].pk}


def test_action_kinds_on_the_staff_page(staff_client, trail):
    _idea, _district, e = trail
    assert shown(staff_client, "/staff/audit/", action="proposal.") == {
        e["move"].pk,
        e["auto"].pk,
    }


def test_the_staff_page_pages_with_a_cursor(staff_client, staff_user):
    for index in range(AUDIT_PAGE_SIZE + 5):
        audit_record(actor=staff_user, action=f"test.{index}")

    first = staff_client.get("/staff/audit/", {"action": "test."}).context["page"]
    second = staff_client.get(
        "/staff/audit/", {"action": "test.", "cursor": first.next_cursor}
    ).context["page"]

    assert len(first.items) == AUDIT_PAGE_SIZE
    assert len(second.items) == 5
    assert not {e.pk for e in first.items} & {e.pk for e in second.items}
    assert staff_client.get("/staff/audit/", {"cursor": "garbage"}).status_code == 404


def test_the_staff_page_query_budget(
    staff_client, staff_user, django_assert_max_num_queries
):
    for index in range(30):
        audit_record(actor=staff_user, action=f"test.{index}")
    # session, user, the page (with actors), the bell
    with django_assert_max_num_queries(4):
        assert staff_client.get("/staff/audit/").status_code == 200


def test_nobody_adds_changes_or_deletes_entries(staff_client, trail):
    _idea, _district, e = trail
    event = e["hide"]

    assert staff_client.get(f"{ADMIN}add/").status_code == 403
    change = staff_client.get(f"{ADMIN}{event.pk}/change/")
    assert change.status_code == 200
    assert 'name="action"' not in change.text
    staff_client.post(f"{ADMIN}{event.pk}/change/", {"action": "forged"})
    assert staff_client.get(f"{ADMIN}{event.pk}/delete/").status_code == 403
    staff_client.post(f"{ADMIN}{event.pk}/delete/", {"post": "yes"})

    listing = staff_client.get(ADMIN)
    assert listing.context["action_form"] is None  # no bulk action, not even delete
    staff_client.post(
        ADMIN,
        {"action": "delete_selected", "_selected_action": [event.pk], "post": "yes"},
    )

    event.refresh_from_db()
    assert event.action == "moderation.hide"
    assert AuditEvent.objects.count() == 4


def test_citizens_see_no_audit_log(client, user, trail):
    client.force_login(user)
    assert client.get("/staff/audit/").status_code == 403
    assert client.get(ADMIN).status_code == 302  # to the admin login

"""audit_record() writes one append-only row; the admin shows it but cannot change it."""

import pytest

from oasis.core.audit import audit_record
from oasis.core.models import AuditEvent, District

pytestmark = pytest.mark.django_db


def test_audit_record_writes_one_row_with_actor_target_and_changes(staff_user):
    district = District.objects.get(code="jongno")

    event = audit_record(
        actor=staff_user,
        action="district.rename",
        target=district,
        before={"name_en": "Jongno"},
        after={"name_en": "Jongno-gu"},
    )

    stored = AuditEvent.objects.get()
    assert stored == event
    assert stored.actor == staff_user
    assert stored.action == "district.rename"
    assert stored.target_type == "core.district"
    assert stored.target_id == str(district.pk)
    assert stored.target_repr == str(district)
    assert stored.before == {"name_en": "Jongno"}
    assert stored.after == {"name_en": "Jongno-gu"}
    assert stored.created_at is not None


def test_audit_record_without_actor_or_target(django_user_model):
    from django.contrib.auth.models import AnonymousUser

    audit_record(actor=None, action="system.sweep")
    audit_record(actor=AnonymousUser(), action="system.sweep")

    assert list(AuditEvent.objects.values_list("actor", "target_type")) == [
        (None, ""),
        (None, ""),
    ]


def test_audit_record_joins_the_callers_transaction(staff_user):
    from django.db import transaction

    def change_that_fails():
        with transaction.atomic():
            audit_record(actor=staff_user, action="proposal.hide")
            raise RuntimeError("the change failed")

    with pytest.raises(RuntimeError):
        change_that_fails()

    assert not AuditEvent.objects.exists()


@pytest.fixture
def event(staff_user):
    return audit_record(actor=staff_user, action="proposal.hide")


def test_admin_lists_audit_events(admin_client, event):
    response = admin_client.get("/admin/core/auditevent/")

    assert response.status_code == 200
    assert "proposal.hide" in response.content.decode()


def test_admin_cannot_add_audit_events(admin_client):
    assert admin_client.get("/admin/core/auditevent/add/").status_code == 403
    admin_client.post("/admin/core/auditevent/add/", {"action": "forged"})
    assert not AuditEvent.objects.filter(action="forged").exists()


def test_admin_cannot_change_audit_events(admin_client, event):
    url = f"/admin/core/auditevent/{event.pk}/change/"

    page = admin_client.get(url)
    admin_client.post(url, {"action": "forged"})

    assert page.status_code == 200  # view only
    assert 'name="action"' not in page.content.decode()
    event.refresh_from_db()
    assert event.action == "proposal.hide"


def test_admin_cannot_delete_audit_events(admin_client, event):
    url = f"/admin/core/auditevent/{event.pk}/delete/"

    assert admin_client.get(url).status_code == 403
    admin_client.post(url, {"post": "yes"})
    admin_client.post(
        "/admin/core/auditevent/",
        {"action": "delete_selected", "_selected_action": [event.pk], "post": "yes"},
    )

    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_seoul_has_25_districts_with_both_names():
    assert District.objects.count() == 25
    gangnam = District.objects.get(code="gangnam")
    assert (gangnam.name_ko, gangnam.name_en) == ("강남구", "Gangnam-gu")

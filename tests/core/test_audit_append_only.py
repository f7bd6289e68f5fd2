"""The audit log is append-only in the database (PostgreSQL refuses UPDATE and DELETE of
an entry), and who acted stays readable when their user row is removed."""

import pytest
from django.core.management.color import no_style
from django.db import IntegrityError, connection, transaction

from oasis.core.audit import audit_record
from oasis.core.models import AuditEvent
from tests.services import require

TABLE = AuditEvent._meta.db_table


@pytest.fixture
def plain_staff(user_factory):
    return user_factory(is_staff=True)


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


def _require_postgresql():
    require(
        "PostgreSQL",
        connection.vendor == "postgresql",
        "set DATABASE_URL=postgres://… (the trigger is PostgreSQL's)",
    )


def _raw(sql: str, params=()) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


@pytest.mark.django_db
def test_raw_update_of_an_entry_is_refused(staff_user):
    _require_postgresql()
    event = audit_record(actor=staff_user, action="moderation.hide")

    with pytest.raises(IntegrityError, match="append-only"):
        _raw(
            "UPDATE core_auditevent SET action = %s WHERE id = %s", ["forged", event.pk]
        )
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(target_repr="forged")

    event.refresh_from_db()
    assert event.action == "moderation.hide"
    assert event.target_repr == ""


@pytest.mark.django_db
def test_raw_delete_of_an_entry_is_refused(staff_user):
    _require_postgresql()
    event = audit_record(actor=staff_user, action="moderation.hide")

    with pytest.raises(IntegrityError, match="append-only"):
        _raw("DELETE FROM core_auditevent WHERE id = %s", [event.pk])
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        AuditEvent.objects.all().delete()

    assert AuditEvent.objects.filter(pk=event.pk).exists()


@pytest.mark.django_db
def test_only_clearing_the_actor_is_let_through(staff_user, plain_staff):
    _require_postgresql()
    event = audit_record(actor=staff_user, action="moderation.hide")

    # pointing the entry at someone else, or clearing the actor with its label, is refused
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(actor=plain_staff)
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(actor=None, actor_label="")
    # what removing the user row does
    AuditEvent.objects.filter(pk=event.pk).update(actor=None)

    event.refresh_from_db()
    assert event.actor_id is None
    assert event.actor_label == staff_user.email


@pytest.mark.django_db
def test_deleting_a_staff_user_keeps_their_entries_readable(staff_client, plain_staff):
    email = plain_staff.email
    event = audit_record(actor=plain_staff, action="proposal.transition")

    plain_staff.delete()

    event.refresh_from_db()
    assert event.actor_id is None
    assert event.actor_label == email
    assert event.actor_shown == email
    page = staff_client.get("/staff/audit/")
    assert email in page.content.decode()
    # the label still finds the entry by the person, and it is not the system's
    by_person = staff_client.get("/staff/audit/", {"actor": email})
    assert [e.pk for e in by_person.context["page"].items] == [event.pk]
    by_system = staff_client.get("/staff/audit/", {"actor": "system"})
    assert event.pk not in [e.pk for e in by_system.context["page"].items]


@pytest.mark.django_db
def test_deleted_actor_shown_in_the_admin(admin_client, plain_staff):
    email = plain_staff.email
    audit_record(actor=plain_staff, action="proposal.transition")
    plain_staff.delete()

    response = admin_client.get("/admin/core/auditevent/")

    assert email in response.content.decode()


@pytest.mark.django_db
def test_a_citizen_is_labelled_by_account_number_only(user):
    event = audit_record(actor=user, action="proposal.withdraw")

    assert event.actor_label == f"user #{user.pk}"
    assert user.email not in event.actor_label


@pytest.mark.django_db(transaction=True)
def test_the_test_suites_flush_still_empties_the_table(staff_user):
    # Django flushes with TRUNCATE, which fires no row trigger.
    audit_record(actor=staff_user, action="moderation.hide")
    statements = connection.ops.sql_flush(no_style(), [TABLE])
    if connection.vendor == "postgresql":
        assert all(s.startswith("TRUNCATE") for s in statements)
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)

    assert not AuditEvent.objects.exists()

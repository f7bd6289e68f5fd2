"""The statistics snapshot in the admin: read-only, with an audited recount action."""

import pytest

from oasis.core.models import AuditEvent
from oasis.opendata.services import statistics_refresh
from tests.voting.factories import add_votes

pytestmark = pytest.mark.django_db

SNAPSHOTS = "/admin/opendata/statsnapshot/"


def test_the_snapshot_list_opens(staff_client):
    statistics_refresh()

    assert staff_client.get(SNAPSHOTS).status_code == 200


def test_staff_recount_the_statistics_with_an_audit_entry(
    staff_client, proposal_factory
):
    snapshot = statistics_refresh()
    add_votes(proposal_factory(), 2)

    staff_client.post(
        SNAPSHOTS,
        {"action": "rebuild", "_selected_action": [snapshot.pk]},
        follow=True,
    )

    snapshot.refresh_from_db()
    assert snapshot.agreements == 2
    assert list(AuditEvent.objects.values_list("action", flat=True)) == [
        "staff.statistics_rebuild"
    ]

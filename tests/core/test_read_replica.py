"""The read replica: inside public_reads() public reads go to it, everything else to
the primary; an unreachable replica is logged, reported by /readyz and replaced by the
primary. (tests/core/test_read_replica_settings.py: without a replica.)

As DATABASE_REPLICA_URL and Django's TEST MIRROR make it, `replica` is a second
connection to the test database: both aliases hold the same rows, so which one a read
used shows only in each connection's queries. The tests commit (transaction=True): a
second connection sees only committed rows.
"""

import asyncio
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from asgiref.sync import sync_to_async
from django.db import DEFAULT_DB_ALIAS, connections, router, transaction
from django.test.utils import CaptureQueriesContext

from oasis.core import db_routers
from oasis.core.db_routers import REPLICA, public_reads
from oasis.opendata import services as opendata_services
from proposals.models import Category, Proposal, Stage
from tests.accounts.factories import UserFactory
from tests.proposals.factories import ProposalFactory

pytestmark = pytest.mark.django_db(
    transaction=True, databases=[DEFAULT_DB_ALIAS, REPLICA]
)

ROOT = Path(__file__).resolve().parent.parent.parent


def _drop_replica_connection() -> None:
    replica = connections[REPLICA]
    replica.close()
    if replica.connection is not None:  # close() keeps in-memory SQLite open
        replica.connection.close()
    del connections[REPLICA]


def _set_replica_alias(**overrides) -> None:
    if REPLICA in connections.settings:
        _drop_replica_connection()
    connections.settings[REPLICA] = {
        **connections[DEFAULT_DB_ALIAS].settings_dict,
        "TEST": {"MIRROR": DEFAULT_DB_ALIAS},
        **overrides,
    }


@pytest.fixture(scope="module", autouse=True)
def _replica_alias(django_db_setup, django_db_blocker):
    """Added once the test database exists (a mirror's settings name it), before each
    test's databases are checked."""
    with django_db_blocker.unblock():
        _set_replica_alias()
    yield
    _drop_replica_connection()
    del connections.settings[REPLICA]


@pytest.fixture(autouse=True)
def _replica_not_known_down(monkeypatch):
    monkeypatch.setattr(db_routers, "_replica_down_until", 0.0)


@pytest.fixture
def replica():
    return connections[REPLICA]


@pytest.fixture
def unreachable_replica():
    _set_replica_alias(
        ENGINE="django.db.backends.sqlite3",
        NAME=str(ROOT / "no-such-directory" / "replica.sqlite3"),
        OPTIONS={},
    )
    yield connections[REPLICA]
    _set_replica_alias()


def replica_tables(queries) -> str:
    return " ".join(query["sql"] for query in queries)


# --- Routing -------------------------------------------------------------------------


def test_reads_inside_public_reads_go_to_the_replica(replica):
    with public_reads():
        inside = router.db_for_read(Proposal)

    assert inside == REPLICA
    assert router.db_for_read(Proposal) == DEFAULT_DB_ALIAS


def test_writes_inside_public_reads_go_to_the_primary(replica):
    with (
        CaptureQueriesContext(replica) as on_replica,
        CaptureQueriesContext(connections[DEFAULT_DB_ALIAS]) as on_primary,
        public_reads(),
    ):
        assert router.db_for_write(Proposal) == DEFAULT_DB_ALIAS
        Category.objects.create(
            slug="parks", name_ko="공원", name_en="Parks", threshold=5, window_days=30
        )

    assert on_replica.captured_queries == []
    assert "INSERT" in replica_tables(on_primary.captured_queries)


def test_reads_inside_a_transaction_go_to_the_primary(replica):
    with public_reads(), transaction.atomic():
        assert router.db_for_read(Proposal) == DEFAULT_DB_ALIAS


def test_an_object_read_from_the_replica_is_saved_to_the_primary(replica):
    category = Category.objects.create(
        slug="parks", name_ko="공원", name_en="Parks", threshold=5, window_days=30
    )
    with public_reads():
        category = Category.objects.get(pk=category.pk)
    assert category._state.db == REPLICA

    with CaptureQueriesContext(replica) as on_replica:
        category.name_en = "Parks and gardens"
        category.save(update_fields=["name_en"])

    assert on_replica.captured_queries == []
    assert Category.objects.get(pk=category.pk).name_en == "Parks and gardens"


def test_the_scope_belongs_to_its_thread(replica):
    answers = []
    with public_reads():
        thread = threading.Thread(
            target=lambda: answers.append(router.db_for_read(Proposal))
        )
        thread.start()
        thread.join()

    assert answers == [DEFAULT_DB_ALIAS]


def _answer_in_a_thread() -> str:
    try:
        return router.db_for_read(Proposal)
    finally:
        connections[REPLICA].close()


def test_the_scope_belongs_to_its_async_task(replica):
    async def in_scope(entered, answered):
        with public_reads():
            entered.set()
            await answered.wait()
            return await sync_to_async(_answer_in_a_thread)()

    async def outside(entered, answered):
        await entered.wait()
        answer = await sync_to_async(_answer_in_a_thread)()
        answered.set()
        return answer

    async def both():
        entered, answered = asyncio.Event(), asyncio.Event()
        return await asyncio.gather(
            in_scope(entered, answered), outside(entered, answered)
        )

    # A thread of its own: another test in this process may have left a running loop.
    with ThreadPoolExecutor(max_workers=1) as pool:
        answers = pool.submit(asyncio.run, both()).result(timeout=30)
    assert answers == [REPLICA, DEFAULT_DB_ALIAS]


def test_relations_between_the_two_copies_are_allowed(replica):
    category = Category.objects.create(
        slug="parks", name_ko="공원", name_en="Parks", threshold=5, window_days=30
    )
    with public_reads():
        from_replica = Category.objects.get(pk=category.pk)

    assert router.allow_relation(category, from_replica) is True
    assert router.allow_migrate(DEFAULT_DB_ALIAS, "proposals") is True
    assert router.allow_migrate(REPLICA, "proposals") is False


# --- Public pages ---------------------------------------------------------------------


@pytest.fixture
def public_data(replica):
    proposal = ProposalFactory()
    ProposalFactory(stage=Stage.COMPLETED)
    opendata_services.statistics_refresh()
    return proposal


PROPOSALS = Proposal._meta.db_table
PUBLIC_READS = [
    # url, request headers, a table the page reads
    ("/proposals/", {}, PROPOSALS),
    ("/proposals/?stage=open", {"HTTP_HX_REQUEST": "true"}, PROPOSALS),
    ("/api/v1/proposals/", {}, PROPOSALS),
    ("/api/v1/proposals/?q=idea", {}, PROPOSALS),
    ("/stats/", {}, "opendata_statsnapshot"),
    ("/open-data/proposals.csv", {}, PROPOSALS),
    ("/api/v1/open-data/proposals/", {}, PROPOSALS),
    ("/implemented/", {}, PROPOSALS),
]


def _get(client, url, **headers):
    response = client.get(url, **headers)
    if response.streaming:
        b"".join(response.streaming_content)
    return response


@pytest.mark.parametrize(("url", "headers", "table"), PUBLIC_READS)
def test_public_pages_read_their_data_from_the_replica(
    client, public_data, url, headers, table
):
    with CaptureQueriesContext(connections[REPLICA]) as on_replica:
        response = _get(client, url, **headers)

    assert response.status_code == 200
    assert table in replica_tables(on_replica.captured_queries)


def test_stats_figures_drawn_by_the_template_come_from_the_replica(client, public_data):
    with CaptureQueriesContext(connections[REPLICA]) as on_replica:
        response = client.get("/stats/")

    assert response.status_code == 200
    read = replica_tables(on_replica.captured_queries)
    assert "opendata_statsnapshot" in read
    assert "opendata_dailystat" in read


def test_a_signed_in_visitors_own_state_is_read_from_the_primary(client, public_data):
    client.force_login(UserFactory())

    with CaptureQueriesContext(connections[REPLICA]) as on_replica:
        assert client.get("/proposals/").status_code == 200
        assert client.get("/implemented/").status_code == 200
        assert client.get("/stats/").status_code == 200

    read = replica_tables(on_replica.captured_queries)
    assert PROPOSALS in read
    for own_state in ("django_session", "notifications_notification"):
        assert own_state not in read


def test_the_detail_page_reads_from_the_primary(client, public_data):
    with CaptureQueriesContext(connections[REPLICA]) as on_replica:
        response = client.get(public_data.get_absolute_url())

    assert response.status_code == 200
    assert on_replica.captured_queries == []


# --- An unreachable replica ------------------------------------------------------------


def test_an_unreachable_replica_is_logged_and_replaced_by_the_primary(
    client, unreachable_replica, caplog
):
    ProposalFactory(title="Shade over the bus stop")

    first = client.get("/proposals/")
    second = client.get("/api/v1/proposals/")

    assert first.status_code == 200
    assert "Shade over the bus stop" in first.text
    assert second.json()["results"][0]["title"] == "Shade over the bus stop"
    outages = [r for r in caplog.records if r.name == "oasis.core.db_routers"]
    assert len(outages) == 1  # then the primary, without trying again for a while


def test_readyz_reports_the_replica(client, replica):
    body = client.get("/readyz").json()

    assert body["checks"]["database (replica)"] == "ok"
    assert body["status"] == "ok"


def test_readyz_is_degraded_not_failing_without_the_replica(
    client, unreachable_replica
):
    response = client.get("/readyz")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["failing"] == []
    assert body["degraded"] == ["database (replica)"]
    assert body["checks"]["database"] == "ok"

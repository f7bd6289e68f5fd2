"""Without DATABASE_REPLICA_URL there is no replica and every read uses the primary;
with it, a `replica` alias like the primary. (tests/core/test_read_replica.py: routing.)"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import DEFAULT_DB_ALIAS, connections, router

from oasis.core.db_routers import REPLICA, public_reads
from proposals.models import Proposal

ROOT = Path(__file__).resolve().parent.parent.parent
PRIMARY_URL = "postgres://oasis:secret@primary.internal:5432/oasis"


def _settings_in_subprocess(**environ) -> dict:
    code = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({'databases': s.DATABASES, 'routers': s.DATABASE_ROUTERS}, "
        "default=str))"
    )
    env = {
        name: os.environ[name]
        for name in ("PATH", "HOME", "LANG", "PYTHONPATH")
        if name in os.environ
    }
    env.update(DJANGO_SETTINGS_MODULE="oasis.settings", **environ)
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(result.stdout)


def test_database_replica_url_adds_the_replica_alias_with_the_primarys_options():
    configured = _settings_in_subprocess(
        DATABASE_URL=PRIMARY_URL,
        DATABASE_REPLICA_URL="postgres://oasis:secret@replica.internal:5432/oasis",
    )

    primary = configured["databases"]["default"]
    replica = configured["databases"]["replica"]
    assert replica["HOST"] == "replica.internal"
    assert replica["TEST"]["MIRROR"] == "default"
    for option in ("CONN_MAX_AGE", "CONN_HEALTH_CHECKS", "ATOMIC_REQUESTS"):
        assert replica[option] == primary[option]
    assert replica["OPTIONS"]["options"] == primary["OPTIONS"]["options"]
    assert configured["routers"] == ["oasis.core.db_routers.ReplicaRouter"]


def test_without_database_replica_url_there_is_no_replica_alias():
    configured = _settings_in_subprocess(DATABASE_URL=PRIMARY_URL)

    assert list(configured["databases"]) == ["default"]


def test_without_a_replica_the_router_never_answers_replica():
    assert REPLICA not in connections.settings

    with public_reads():
        inside = router.db_for_read(Proposal)

    assert inside == DEFAULT_DB_ALIAS
    assert router.db_for_read(Proposal) == DEFAULT_DB_ALIAS
    assert router.db_for_write(Proposal) == DEFAULT_DB_ALIAS


@pytest.mark.django_db
def test_readyz_does_not_mention_a_replica_that_is_not_configured(client):
    body = client.get("/readyz").json()

    assert "database (replica)" not in body["checks"]
    assert body["degraded"] == []

"""The read replica: reads that tolerate a second or two of lag may go to
it, and only inside an explicit public_reads() block.

Everything else reads from and writes to the primary (`default`): writes, reads
outside the block, and reads inside a transaction on the primary, which must see what
that transaction wrote. The block is a context variable, so it holds only for the
thread or async task that opened it. Without a `replica` alias (DATABASE_REPLICA_URL
unset) it changes nothing; while the replica does not answer, its reads go to the
primary and the outage is logged.
"""

import logging
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.utils import OperationalError

REPLICA = "replica"
# After the replica failed to answer, this process reads from the primary for this
# long before trying it again, so that each request does not wait for a timeout.
RETRY_AFTER_SECONDS = 30

logger = logging.getLogger(__name__)

_in_public_reads: ContextVar[bool] = ContextVar("in_public_reads", default=False)
_replica_down_until = 0.0  # time.monotonic(); per process


def replica_configured() -> bool:
    return REPLICA in connections.settings


def _replica_answers() -> bool:
    global _replica_down_until
    if not replica_configured() or time.monotonic() < _replica_down_until:
        return False
    replica = connections[REPLICA]
    try:
        replica.close_if_health_check_failed()
        replica.ensure_connection()
    except OperationalError:
        _replica_down_until = time.monotonic() + RETRY_AFTER_SECONDS
        logger.exception(
            "The read replica does not answer: public reads use the primary for %d s.",
            RETRY_AFTER_SECONDS,
        )
        return False
    return True


@contextmanager
def public_reads():
    """Reads in this block may come from the replica: only for public data that may
    lag a second or two behind the primary (lists, statistics, open data)."""
    token = _in_public_reads.set(True)
    try:
        yield
    finally:
        _in_public_reads.reset(token)


_DONE = object()


def stream_public_reads(items: Iterable) -> Iterator:
    """Yield from `items`, each step inside public_reads(): a streamed response reads
    its rows after the view has returned."""
    iterator = iter(items)
    while True:
        with public_reads():
            item = next(iterator, _DONE)
        if item is _DONE:
            return
        yield item


class PublicReadsProxy:
    """Reads `wrapped`'s attributes inside public_reads(): for figures a template
    computes on first use (behind its fragment cache), after the view has returned."""

    def __init__(self, wrapped):
        self._wrapped = wrapped

    def __getattr__(self, name: str):
        if name.startswith("__"):  # copy and pickle look these up before __init__
            raise AttributeError(name)
        with public_reads():
            return getattr(self._wrapped, name)


class ReplicaRouter:
    """Reads inside public_reads() go to the replica, everything else to the primary.

    Every answer is explicit: left to Django, an object read from the replica would
    be saved to, and its relations read from, the replica.
    """

    def db_for_read(self, model, **hints) -> str:
        if (
            _in_public_reads.get()
            and not connections[DEFAULT_DB_ALIAS].in_atomic_block
            and _replica_answers()
        ):
            return REPLICA
        return DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints) -> str:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints) -> bool | None:
        # The replica holds the primary's rows: an object may relate to either copy.
        same_data = {DEFAULT_DB_ALIAS, REPLICA}
        if obj1._state.db in same_data and obj2._state.db in same_data:
            return True
        return None

    def allow_migrate(self, db, app_label, model_name=None, **hints) -> bool:
        return db == DEFAULT_DB_ALIAS

"""Running jobs at the same moment on real PostgreSQL connections, one per thread."""

import threading
from concurrent.futures import ThreadPoolExecutor

from django.db import connection, connections

from tests.services import require

# Each worker thread holds its own connection; stay well below max_connections.
WORKERS = 24


def require_postgresql() -> None:
    require(
        "PostgreSQL",
        connection.vendor == "postgresql",
        "set DATABASE_URL=postgres://… (row locks are what is being tested)",
    )


def run_together(jobs):
    """Run every job on a pool of threads, released at the same moment."""
    start = threading.Event()
    errors = []

    def run(job):
        try:
            start.wait(timeout=30)
            return job()
        except Exception as error:  # collected and reported below
            errors.append(error)
            return error
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        futures = [pool.submit(run, job) for job in jobs]
        start.set()
        results = [future.result() for future in futures]
    assert not errors, errors[:3]
    return results

"""Demo data: compute the statistics once, so /stats/ shows the demo content."""

from oasis.opendata.services import statistics_refresh


def seed(stdout) -> None:
    snapshot = statistics_refresh(full=True)
    stdout.write(
        f"  statistics: {snapshot.proposals} ideas, {snapshot.agreements} agreements"
    )

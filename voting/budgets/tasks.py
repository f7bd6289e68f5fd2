"""Background work of participatory budgeting: thin tasks around services."""

from celery import shared_task

from voting.budgets import services


@shared_task(autoretry_for=(Exception,), retry_backoff=True, max_retries=5)
def count_round(round_id: int) -> int:
    """Count a round's ballots; returns how many projects are funded."""
    outcomes = services.round_count(budget_round=round_id)
    return sum(outcome.funded for outcome in outcomes)

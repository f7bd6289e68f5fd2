"""Background work of participatory budgeting: thin tasks around services."""

from celery import shared_task
from django.contrib.auth import get_user_model

from voting.budgets import services


@shared_task(autoretry_for=(Exception,), retry_backoff=True, max_retries=5)
def count_round(round_id: int, actor_id: int | None = None) -> int:
    """Count a round's ballots; returns how many projects are funded."""
    actor = (
        get_user_model().objects.filter(pk=actor_id).first()
        if actor_id is not None
        else None
    )
    outcomes = services.round_count(budget_round=round_id, actor=actor)
    return sum(outcome.funded for outcome in outcomes)

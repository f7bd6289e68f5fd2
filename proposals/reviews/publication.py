"""What else is recorded, in the same transaction, when round_publish() publishes a
decision.

Apps that keep a public record of answers build on review, so review never imports
them: each registers its recorder once at start-up (AppConfig.ready), and
round_publish() calls every recorder for each decision it publishes.
"""

from collections.abc import Callable
from datetime import datetime

from proposals.reviews.models import Decision

DecisionRecorder = Callable[..., None]

_recorders: list[DecisionRecorder] = []


def on_decision_published(recorder: DecisionRecorder) -> DecisionRecorder:
    """Register `recorder(decision=…, published_at=…)`; registering twice is harmless."""
    if recorder not in _recorders:
        _recorders.append(recorder)
    return recorder


def decision_published(*, decision: Decision, published_at: datetime) -> None:
    for recorder in _recorders:
        recorder(decision=decision, published_at=published_at)


def recorders() -> tuple[DecisionRecorder, ...]:
    return tuple(_recorders)

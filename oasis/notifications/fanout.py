"""Fan-out: expanding one recorded event into notifications and deliveries.

dispatch() stores the event with references to the objects it names; this module
reloads them in a worker and walks the event's audience in pages of recipient ids
(keyset: id > cursor, ascending). Each page is one short transaction that writes the
in-app rows and the outbox rows with conflicts ignored (one notification per event and
person, one delivery per notification and channel), moves the cursor and queues the
immediate deliveries after commit. A page that runs twice writes nothing twice; a
fan-out that stopped resumes at its cursor.

What is decided at fan-out time, not in the request: who is in the audience, their
preferences and language, and whether the idea is hidden (then only staff hear of it).
Fan-outs about one idea run in the order the events happened.
"""

import datetime as dt
import logging
import time
from decimal import Decimal
from functools import partial
from typing import Any, cast

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import override

from oasis.notifications import events, preferences
from oasis.notifications.delivery import verified_email_user_ids
from oasis.notifications.models import (
    Channel,
    Delivery,
    Frequency,
    Notification,
    NotificationEvent,
)

logger = logging.getLogger("oasis.notifications")

# One task fans out for at most this long, then queues the rest as a new task.
TASK_BUDGET_SECONDS = 120


class ObjectGone(Exception):
    """An object the event names was deleted before the fan-out: nobody is told."""


# --- Context: stored as references, reloaded in the worker -----------------------------


def freeze(value: Any) -> Any:
    """The JSON form of a context value; model instances become references."""
    if isinstance(value, QuerySet):
        raise TypeError(
            "Audiences are computed at fan-out time: pass what identifies them, "
            "not a queryset."
        )
    if isinstance(value, models.Model):
        return {"$ref": value._meta.label_lower, "pk": value.pk}
    if isinstance(value, (list, tuple, set, frozenset)):
        return {"$list": [freeze(item) for item in value]}
    if isinstance(value, dict):
        return {"$dict": {str(key): freeze(item) for key, item in value.items()}}
    if isinstance(value, dt.datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, dt.date):
        return {"$date": value.isoformat()}
    if isinstance(value, Decimal):
        return {"$decimal": str(value)}
    if isinstance(value, Promise):
        return str(value)
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    raise TypeError(f"Cannot store {type(value).__name__} in a notification event.")


def _load(label: str, pk):
    model = apps.get_model(label)
    found = model._default_manager.filter(pk=pk).first()
    if found is None:
        raise ObjectGone(f"{label} {pk}")
    return found


def thaw(value: Any) -> Any:
    """The context value a freeze() stored; referenced objects are loaded as they are
    now. The fan-out adds "actor" and "occurred_at" (the time of the event)."""
    if not isinstance(value, dict):
        return value
    if "$ref" in value:
        return _load(value["$ref"], value["pk"])
    if "$list" in value:
        items = value["$list"]
        refs = [item for item in items if isinstance(item, dict) and "$ref" in item]
        if refs and len(refs) == len(items) and len({r["$ref"] for r in refs}) == 1:
            model = apps.get_model(refs[0]["$ref"])
            found = model._default_manager.in_bulk([r["pk"] for r in refs])
            return [found[r["pk"]] for r in refs if r["pk"] in found]
        return [thaw(item) for item in items]
    if "$dict" in value:
        return {key: thaw(item) for key, item in value["$dict"].items()}
    if "$datetime" in value:
        return dt.datetime.fromisoformat(value["$datetime"])
    if "$date" in value:
        return dt.date.fromisoformat(value["$date"])
    if "$decimal" in value:
        return Decimal(value["$decimal"])
    return value


def event_record(name: str, *, actor, context: dict) -> NotificationEvent:
    """Write the event row; the caller's transaction decides whether it happened."""
    spec = events.get(name)
    actor = actor if isinstance(actor, get_user_model()) and actor.pk else None
    full = {**context, "actor": actor}
    target = spec.target(full) if spec.target else None
    proposal = context.get("proposal")
    return NotificationEvent.objects.create(
        name=name,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        proposal_id=getattr(proposal, "pk", None),
        actor=actor,
        context=freeze(context),
    )


# --- The audience ------------------------------------------------------------------------


def audience(spec: events.Event, context: dict, event: NotificationEvent) -> QuerySet:
    """The people to tell, as a queryset of users: active, never the actor, and about
    something the public may not see now (a hidden idea), only staff and its author."""
    user_model = get_user_model()
    found = spec.recipients(context)
    if isinstance(found, QuerySet):
        if found.model is user_model:
            people = user_model.objects.filter(pk__in=found.order_by().values("pk"))
        else:
            people = user_model.objects.filter(pk__in=found.order_by())
    else:
        ids = {
            item.pk if isinstance(item, models.Model) else item
            for item in found
            if item is not None
        }
        people = user_model.objects.filter(pk__in=sorted(ids))
    people = people.filter(is_active=True)
    if event.actor_id is not None:
        people = people.exclude(pk=event.actor_id)
    withheld = events.withheld_subjects(context)
    if withheld:
        authors = {getattr(subject, "author_id", None) for subject in withheld}
        allowed = Q(is_staff=True)
        if len(authors) == 1 and None not in authors:
            allowed |= Q(pk=authors.pop())
        people = people.filter(allowed)
    return people


# --- One page ----------------------------------------------------------------------------


class _Rendering:
    """Texts rendered once per language for one event."""

    def __init__(self, spec: events.Event, context: dict):
        self.spec = spec
        self.context = context
        self.texts: dict[str, str] = {}

    def text(self, language: str) -> str:
        if language not in self.texts:
            with override(language):
                self.texts[language] = str(self.spec.text(self.context))[:500]
        return self.texts[language]


def fanout_batch(*, event_id: int, batch_size: int | None = None) -> bool:
    """Write one page of the event's notifications; return True when it is all done."""
    size: int = batch_size or settings.NOTIFICATIONS_FANOUT_BATCH
    with transaction.atomic():
        event = (
            NotificationEvent.objects.select_for_update(of=("self",))
            .select_related("actor")
            .filter(pk=event_id)
            .first()
        )
        if event is None or event.fanout_done_at is not None:
            return True
        spec = events.get(event.name)
        try:
            context = thaw(event.context)
        except ObjectGone as gone:
            logger.info("Event %s names %s, which is gone: nobody told.", event, gone)
            _finish(event)
            return True
        context["actor"] = event.actor
        context["occurred_at"] = event.created_at
        users = list(
            audience(spec, context, event)
            .filter(pk__gt=event.cursor)
            .order_by("pk")[:size]
        )
        if users:
            immediate = _write(event, spec, context, users)
            if immediate:
                transaction.on_commit(partial(_enqueue, immediate))
            event.cursor = cast(int, users[-1].pk)
            event.recipient_count += len(users)
        done = len(users) < size
        if done:
            event.fanout_done_at = timezone.now()
        event.save(update_fields=["cursor", "recipient_count", "fanout_done_at"])
    return done


def _finish(event: NotificationEvent) -> None:
    event.fanout_done_at = timezone.now()
    event.save(update_fields=["fanout_done_at"])


def _enqueue(delivery_ids: list[int]) -> None:
    from oasis.notifications.services import enqueue_deliveries

    enqueue_deliveries(delivery_ids)


def _write(event, spec, context, users) -> list[int]:
    """The page's rows; return the immediate deliveries still pending."""
    target = spec.target(context) if spec.target else None
    url = (
        spec.url(context)
        if spec.url
        else (
            target.get_absolute_url()
            if target is not None and hasattr(target, "get_absolute_url")
            else ""
        )
    )
    rendering = _Rendering(spec, context)
    groups = {user.pk: spec.group_for(context, user) for user in users}
    choices: dict[int, dict[str, str]] = {}
    for group in set(groups.values()):
        ids = [pk for pk, user_group in groups.items() if user_group == group]
        choices.update(preferences.choices_for_users(ids, group))
    Notification.objects.bulk_create(
        [
            Notification(
                recipient_id=user.pk,
                source_id=event.pk,
                event=event.name,
                target_type=event.target_type,
                target_id=event.target_id,
                text=rendering.text(user.preferred_language or "ko"),
                url=url,
                created_at=event.created_at,
                # Switched off in-app: kept for the record, but not in the bell.
                read_at=None
                if choices[user.pk][Channel.IN_APP] != Frequency.OFF
                else event.created_at,
            )
            for user in users
        ],
        ignore_conflicts=True,
    )
    notification_of = dict(
        Notification.objects.filter(
            source_id=event.pk, recipient_id__in=list(groups)
        ).values_list("recipient_id", "pk")
    )
    email_ok = verified_email_user_ids(
        user for user in users if choices[user.pk][Channel.EMAIL] != Frequency.OFF
    )
    rows: list[Delivery] = []
    for user in users:
        wanted = choices[user.pk]
        channels = []
        if user.pk in email_ok:
            channels.append((Channel.EMAIL, wanted[Channel.EMAIL]))
        if (
            user.has_verified_phone
            and user.phone_encrypted
            and wanted[Channel.SMS] == Frequency.IMMEDIATE
        ):
            channels.append((Channel.SMS, Frequency.IMMEDIATE))
        notification_id = notification_of[user.pk]
        rows.extend(
            Delivery(
                notification_id=notification_id,
                recipient_id=user.pk,
                key=f"n{notification_id}-{channel}",
                channel=channel,
                group=groups[user.pk],
                frequency=frequency,
            )
            for channel, frequency in channels
        )
    if not rows:
        return []
    Delivery.objects.bulk_create(rows, ignore_conflicts=True)
    if all(row.frequency != Frequency.IMMEDIATE for row in rows):
        return []
    return list(
        Delivery.objects.filter(
            notification_id__in=list(notification_of.values()),
            frequency=Frequency.IMMEDIATE,
            status=Delivery.Status.PENDING,
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )


# --- A whole event -----------------------------------------------------------------------


def event_fan_out(*, event_id: int, budget_seconds: float | None = None) -> bool:
    """Fan out the event, after any earlier unfinished event about the same idea, so a
    person hears of one idea in order. Return False when the time budget ran out first.
    """
    budget = (
        budget_seconds
        if budget_seconds is not None
        else getattr(
            settings, "NOTIFICATIONS_FANOUT_BUDGET_SECONDS", TASK_BUDGET_SECONDS
        )
    )
    started = time.monotonic()
    proposal_id = (
        NotificationEvent.objects.filter(pk=event_id)
        .values_list("proposal_id", flat=True)
        .first()
    )
    earlier = []
    if proposal_id is not None:
        earlier = list(
            NotificationEvent.objects.filter(
                proposal_id=proposal_id, fanout_done_at__isnull=True, pk__lt=event_id
            )
            .order_by("pk")
            .values_list("pk", flat=True)
        )
    for pk in [*earlier, event_id]:
        while not fanout_batch(event_id=pk):
            if time.monotonic() - started > budget:
                return False
    return True


def events_unfinished(
    *, older_than: dt.datetime, resweep_before: dt.datetime, limit: int
):
    """Events whose fan-out did not finish, oldest first, not queued by a recent sweep."""
    return list(
        NotificationEvent.objects.filter(
            models.Q(swept_at__isnull=True) | models.Q(swept_at__lte=resweep_before),
            fanout_done_at__isnull=True,
            created_at__lte=older_than,
        )
        .order_by("pk")
        .values_list("pk", flat=True)[:limit]
    )

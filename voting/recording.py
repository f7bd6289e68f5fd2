"""How an agreement is written: the row lock, the "already agreed?" check, the insert
and the counter, in one transaction. The rules around it (who may agree, the threshold)
are in services; whether the proposal accepts agreements is proposals.lifecycle's
filter, evaluated by the database under the lock.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import cast

from django.db import transaction
from django.db.models import (
    BooleanField,
    Exists,
    ExpressionWrapper,
    F,
    Field,
    OuterRef,
)

from proposals.lifecycle import accepting_condition
from proposals.models import Proposal
from voting.models import Vote


@dataclass
class Recorded:
    """What the write saw and did. `proposal` is the row as read under its lock, with
    vote_count after this agreement; None when no such proposal exists."""

    proposal: Proposal | None
    vote: Vote | None = None
    earlier: Vote | None = None


def record_agreement(
    *, pk: int, user, channel: str, kiosk, created_at: datetime
) -> Recorded:
    """Insert the vote unless the person already agreed, the proposal is their own or it
    does not accept agreements at `created_at`; count it. Atomic; inside a caller's
    transaction it adds no savepoint, and a duplicate raises nothing, so the caller's
    transaction stays usable."""
    with transaction.atomic(savepoint=False):
        return _record(pk=pk, user=user, channel=channel, kiosk=kiosk, at=created_at)


def _already_agreed(user) -> Exists:
    return Exists(Vote.objects.filter(proposal=OuterRef("pk"), user=user))


def _record(*, pk: int, user, channel: str, kiosk, at: datetime) -> Recorded:
    # The lock makes agreements with one proposal wait for each other, so the row read
    # here carries every earlier agreement's count.
    proposal = (
        Proposal.objects.select_for_update()
        .annotate(
            accepting=ExpressionWrapper(
                accepting_condition(at), output_field=BooleanField()
            ),
            already_agreed=_already_agreed(user),
        )
        .filter(pk=pk)
        .first()
    )
    if proposal is None:
        return Recorded(proposal=None)
    if proposal.already_agreed:
        return Recorded(proposal=proposal, earlier=existing_vote(proposal, user))
    if proposal.author_id == user.pk or not proposal.accepting:
        return Recorded(proposal=proposal)
    vote = _insert_unless_present(
        proposal=proposal, user=user, channel=channel, kiosk=kiosk, at=at
    )
    if vote is None:
        # The unique constraint, the last line of defence, kept out a duplicate the
        # lock query could not see: "already agreed?" is read from the statement's
        # snapshot, taken before it waited for the lock.
        return Recorded(proposal=proposal, earlier=existing_vote(proposal, user))
    Proposal.objects.filter(pk=pk).update(vote_count=F("vote_count") + 1)
    proposal.vote_count += 1
    return Recorded(proposal=proposal, vote=vote)


_VOTE_FIELDS = ("proposal", "user", "channel", "kiosk", "created_at")
_UNIQUE_FIELDS = ("proposal", "user")  # the vote_one_per_person constraint


def _insert_unless_present(*, proposal, user, channel, kiosk, at) -> Vote | None:
    """The new vote, or None when (proposal, user) already has one. ON CONFLICT DO
    NOTHING rather than an IntegrityError: a duplicate needs no savepoint and leaves a
    caller's transaction usable. The ORM has no such insert; the statement carries no
    rule, only the model's columns."""
    connection = transaction.get_connection()
    meta = Vote._meta
    fields = [cast(Field, meta.get_field(name)) for name in _VOTE_FIELDS]
    kiosk_id = kiosk.pk if kiosk is not None else None
    created_at = meta.get_field("created_at").get_db_prep_save(at, connection)
    values = [proposal.pk, user.pk, channel, kiosk_id, created_at]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)
    unique = ", ".join(
        quote(cast(Field, meta.get_field(name)).column) for name in _UNIQUE_FIELDS
    )
    placeholders = ", ".join(["%s"] * len(values))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(meta.db_table)} ({columns}) "  # noqa: S608
            f"VALUES ({placeholders}) ON CONFLICT ({unique}) DO NOTHING "
            f"RETURNING {quote(meta.pk.column)}",
            values,
        )
        row = cursor.fetchone()
    if row is None:
        return None
    vote = Vote.from_db(
        connection.alias,
        [meta.pk.attname, *(field.attname for field in fields)],
        [row[0], proposal.pk, user.pk, channel, kiosk_id, at],
    )
    vote.proposal = proposal
    vote.user = user
    return vote


def existing_vote(proposal: Proposal, user) -> Vote:
    vote = Vote.objects.get(proposal=proposal, user=user)
    vote.proposal = proposal
    return vote

"""How an agreement is written: the row lock, the "already agreed?" check, the insert
and the counter. The rules around it (who may agree, the threshold) are in services.

On PostgreSQL all of it is one statement, so an agreement outside a transaction costs one
round trip and one commit (docs/performance.md). Elsewhere (SQLite, the embedded
default) the same steps run as separate queries under the caller's transaction.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.db.models import Exists, F, OuterRef

from oasis.core.rowload import RowLoader
from proposals.models import Proposal, Stage
from voting.models import Vote
from voting.predicates import ACCEPTING_STAGES, accepts_agreements

proposal_rows = RowLoader(Proposal)


@dataclass
class Recorded:
    """What the write saw and did. `proposal` is the row as read under its lock, with
    vote_count after this agreement; None when no such proposal exists."""

    proposal: Proposal | None
    new_vote_id: int | None = None
    earlier: Vote | None = None


def record_agreement(
    *, pk: int, user, channel: str, kiosk, created_at: datetime
) -> Recorded:
    """Insert the vote unless the person already agreed, the proposal is their own or it
    does not accept agreements at `created_at`; count it. Atomic; inside a caller's
    transaction it adds no savepoint."""
    connection = transaction.get_connection()
    if connection.vendor == "postgresql":
        return _in_one_statement(
            connection, pk=pk, user=user, channel=channel, kiosk=kiosk, at=created_at
        )
    with transaction.atomic(savepoint=False):
        return _step_by_step(
            pk=pk, user=user, channel=channel, kiosk=kiosk, at=created_at
        )


def _stage_list(stages) -> str:
    return ", ".join(f"'{stage}'" for stage in sorted(stages))


_statements: dict[str, str] = {}


def _statement(alias: str) -> str:
    """The single statement, built once per database. It repeats accepts_agreements()
    in SQL; tests/voting/test_recording.py checks that the two agree for every stage,
    window and moderation state."""
    if alias not in _statements:
        proposals = Proposal._meta.db_table
        votes = Vote._meta.db_table
        always = _stage_list(ACCEPTING_STAGES - {Stage.OPEN})
        # Only table names and stage names are formatted in; values are parameters.
        _statements[alias] = (
            f"WITH target AS ({proposal_rows.select_sql(alias, for_update=True)}), "  # noqa: S608
            "earlier AS (SELECT id, channel, kiosk_id, created_at "
            f"FROM {votes} WHERE proposal_id = %s AND user_id = %s), "
            f"new_vote AS (INSERT INTO {votes} "
            "(proposal_id, user_id, channel, kiosk_id, created_at) "
            "SELECT target.id, %s, %s, %s, %s FROM target "
            "WHERE NOT EXISTS (SELECT 1 FROM earlier) "
            "AND target.author_id IS DISTINCT FROM %s "
            "AND NOT target.is_hidden "
            f"AND (target.stage IN ({always}) OR (target.stage = '{Stage.OPEN}' "
            "AND (target.voting_ends_at IS NULL OR target.voting_ends_at > %s))) "
            "ON CONFLICT (proposal_id, user_id) DO NOTHING RETURNING id), "
            f"counted AS (UPDATE {proposals} SET vote_count = {proposals}.vote_count + 1 "
            f"FROM new_vote WHERE {proposals}.id = %s "
            f"RETURNING {proposals}.vote_count) "
            "SELECT target.*, (SELECT id FROM new_vote), "
            "(SELECT vote_count FROM counted), "
            "earlier.id, earlier.channel, earlier.kiosk_id, earlier.created_at "
            "FROM target LEFT JOIN earlier ON TRUE"
        )
    return _statements[alias]


def _in_one_statement(connection, *, pk, user, channel, kiosk, at) -> Recorded:
    # The lock makes agreements with one proposal wait for each other, so the row read
    # here carries every earlier agreement's count; `earlier` is read from the
    # statement's snapshot, so a duplicate committed while this one waited for the lock
    # is caught by ON CONFLICT instead (then no vote and no earlier row come back).
    kiosk_id = kiosk.pk if kiosk is not None else None
    params = [pk, pk, user.pk, user.pk, channel, kiosk_id, at, user.pk, at, pk]
    with connection.cursor() as cursor:
        cursor.execute(_statement(connection.alias), params)
        row = cursor.fetchone()
    if row is None:
        return Recorded(proposal=None)
    width = len(proposal_rows.compiled(connection.alias).attnames)
    proposal = proposal_rows.build(connection.alias, row[:width])
    new_vote_id, new_count, earlier_id, *earlier_rest = row[width:]
    if new_count is not None:
        proposal.vote_count = new_count
    earlier = None
    if earlier_id is not None:
        channel, kiosk_id, created_at = earlier_rest
        earlier = vote_row(
            earlier_id,
            proposal=proposal,
            user=user,
            channel=channel,
            kiosk_id=kiosk_id,
            created_at=created_at,
        )
    return Recorded(proposal=proposal, new_vote_id=new_vote_id, earlier=earlier)


def _already_agreed(user):
    return Exists(Vote.objects.filter(proposal=OuterRef("pk"), user=user))


def _step_by_step(*, pk, user, channel, kiosk, at) -> Recorded:
    proposal = (
        Proposal.objects.select_for_update()
        .annotate(already_agreed=_already_agreed(user))
        .filter(pk=pk)
        .first()
    )
    if proposal is None:
        return Recorded(proposal=None)
    if proposal.already_agreed:
        return Recorded(proposal=proposal, earlier=existing_vote(proposal, user))
    if proposal.author_id == user.pk or not accepts_agreements(proposal, at):
        return Recorded(proposal=proposal)
    new_vote_id = _insert_unless_present(
        proposal=proposal, user=user, channel=channel, kiosk=kiosk, at=at
    )
    if new_vote_id is not None:
        Proposal.objects.filter(pk=pk).update(vote_count=F("vote_count") + 1)
        proposal.vote_count += 1
    return Recorded(proposal=proposal, new_vote_id=new_vote_id)


def _insert_unless_present(*, proposal, user, channel, kiosk, at) -> int | None:
    # ON CONFLICT instead of an IntegrityError: no savepoint is needed for a duplicate
    # that only the unique constraint caught (a writer that did not take the lock).
    connection = transaction.get_connection()
    created_at = Vote._meta.get_field("created_at").get_db_prep_save(at, connection)
    kiosk_id = kiosk.pk if kiosk is not None else None
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {Vote._meta.db_table} "  # noqa: S608
            "(proposal_id, user_id, channel, kiosk_id, created_at) "
            "VALUES (%s, %s, %s, %s, %s) "
            "ON CONFLICT (proposal_id, user_id) DO NOTHING RETURNING id",
            [proposal.pk, user.pk, channel, kiosk_id, created_at],
        )
        row = cursor.fetchone()
    return row[0] if row else None


def vote_row(pk, *, proposal, user, channel, kiosk_id, created_at) -> Vote:
    """The instance of a vote row this module wrote or read, without reading it again."""
    vote = Vote(
        pk=pk,
        proposal=proposal,
        user=user,
        channel=channel,
        kiosk_id=kiosk_id,
        created_at=created_at,
    )
    vote._state.adding = False
    vote._state.db = transaction.get_connection().alias
    return vote


def existing_vote(proposal: Proposal, user) -> Vote:
    vote = Vote.objects.get(proposal=proposal, user=user)
    vote.proposal = proposal
    return vote

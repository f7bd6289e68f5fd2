"""The proposal lifecycle: its stages, the moves between them, and which stages are
listed, editable, accepting agreements, reviewed or tracked. Every app asks here.

This module imports nothing from the apps, so models, services, selectors, predicates,
voting, kiosks and the statistics may all import it.
"""

from datetime import datetime

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Stage(models.TextChoices):
    """A proposal's stage. Only proposal_transition() changes it."""

    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open for agreement")
    IN_REVIEW = "in_review", _("In review")
    SELECTED = "selected", _("Selected")
    REJECTED = "rejected", _("Not selected")
    DEFERRED = "deferred", _("Deferred")
    PLANNING = "planning", _("Planning")
    EXECUTION = "execution", _("Execution")
    OPERATION = "operation", _("Operation")
    ASSESSMENT = "assessment", _("Assessment")
    COMPLETED = "completed", _("Completed")
    ARCHIVED = "archived", _("Archived")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# After selection, staff report each step of the implementation in this order.
NEXT_IMPLEMENTATION_STAGE: dict[str, str] = {
    Stage.SELECTED: Stage.PLANNING,
    Stage.PLANNING: Stage.EXECUTION,
    Stage.EXECUTION: Stage.OPERATION,
    Stage.OPERATION: Stage.ASSESSMENT,
    Stage.ASSESSMENT: Stage.COMPLETED,
}

# A proposal never returns to open; rejected, completed, archived and withdrawn are final.
TRANSITIONS: dict[str, frozenset[str]] = {
    Stage.DRAFT: frozenset({Stage.OPEN, Stage.WITHDRAWN}),
    Stage.OPEN: frozenset({Stage.IN_REVIEW, Stage.ARCHIVED, Stage.WITHDRAWN}),
    Stage.IN_REVIEW: frozenset({Stage.SELECTED, Stage.REJECTED, Stage.DEFERRED}),
    Stage.DEFERRED: frozenset({Stage.IN_REVIEW}),
    **{
        stage: frozenset({following})
        for stage, following in NEXT_IMPLEMENTATION_STAGE.items()
    },
    Stage.REJECTED: frozenset(),
    Stage.COMPLETED: frozenset(),
    Stage.ARCHIVED: frozenset(),
    Stage.WITHDRAWN: frozenset(),
}


def transition_allowed(from_stage: str, to_stage: str) -> bool:
    return to_stage in TRANSITIONS.get(from_stage, frozenset())


def _in_order(stages) -> tuple[Stage, ...]:
    return tuple(stage for stage in Stage if stage in stages)


# Drafts and withdrawn ideas appear in no list, count and export.
UNLISTED: tuple[Stage, ...] = (Stage.DRAFT, Stage.WITHDRAWN)
LISTED: tuple[Stage, ...] = _in_order(set(Stage) - set(UNLISTED))
# The author may change the text and images until the idea enters review.
EDITABLE: frozenset[str] = frozenset({Stage.DRAFT, Stage.OPEN})
WITHDRAWABLE: frozenset[str] = frozenset(
    stage for stage, targets in TRANSITIONS.items() if Stage.WITHDRAWN in targets
)
# Agreements stay possible while a decision is pending; open ideas only until their
# window ends (voting_ends_at).
ALWAYS_ACCEPTING: frozenset[str] = frozenset({Stage.IN_REVIEW, Stage.DEFERRED})
ACCEPTING: frozenset[str] = ALWAYS_ACCEPTING | {Stage.OPEN}
# The home page's trending ideas: gathering agreements or waiting for their review.
TRENDING: tuple[Stage, ...] = (Stage.OPEN, Stage.IN_REVIEW)
# The outcomes of a review decision; they come only from publishing a round.
DECISIONS: frozenset[str] = frozenset(TRANSITIONS[Stage.IN_REVIEW])
# The stages a review round takes its proposals from.
REVIEWABLE: tuple[Stage, ...] = (Stage.IN_REVIEW, Stage.DEFERRED)
# Selected and being implemented: the stages whose progress staff report.
IMPLEMENTATION: tuple[Stage, ...] = _in_order(NEXT_IMPLEMENTATION_STAGE)
TRACKED: frozenset[str] = frozenset(IMPLEMENTATION)
SELECTED_OR_LATER: tuple[Stage, ...] = (*IMPLEMENTATION, Stage.COMPLETED)
# Stages only reachable through review (an archived idea may or may not have been).
REVIEWED_OR_LATER: tuple[Stage, ...] = _in_order(
    {Stage.IN_REVIEW, *DECISIONS, *SELECTED_OR_LATER}
)
# Staff's stage form offers neither review outcomes nor withdrawal (the author's).
NOT_MOVED_BY_STAFF: frozenset[str] = DECISIONS | {Stage.WITHDRAWN}


def staff_stage_targets(from_stage: str) -> list[str]:
    """The stages staff may move an idea to by hand, in lifecycle order."""
    return [
        stage
        for stage in Stage
        if stage not in NOT_MOVED_BY_STAFF and transition_allowed(from_stage, stage)
    ]


# --- Agreements ----------------------------------------------------------------------
# The acceptance rule, once for an instance and once as a filter, both from the stage
# sets above; tests/voting/test_recording.py checks they agree everywhere.


def accepts_agreements(proposal, now: datetime | None = None) -> bool:
    """Open until voting_ends_at; in review and deferred until a final decision; never
    while moderation hides the idea."""
    if proposal.is_hidden or proposal.stage not in ACCEPTING:
        return False
    if proposal.stage in ALWAYS_ACCEPTING or proposal.voting_ends_at is None:
        return True
    return (now or timezone.now()) < proposal.voting_ends_at


def accepting_condition(now: datetime, prefix: str = "") -> Q:
    """accepts_agreements() as a filter; `prefix` reaches a proposal through a relation
    (e.g. "proposal__")."""
    window_open = Q(**{f"{prefix}voting_ends_at__isnull": True}) | Q(
        **{f"{prefix}voting_ends_at__gt": now}
    )
    return Q(**{f"{prefix}is_hidden": False}) & (
        Q(**{f"{prefix}stage__in": sorted(ALWAYS_ACCEPTING)})
        | (Q(**{f"{prefix}stage": Stage.OPEN}) & window_open)
    )


# --- Public visibility ---------------------------------------------------------------
# What the public may see, once for an instance and once as a filter. Hidden and draft
# ideas are withheld from every public surface: pages, API, exports, kiosk and
# notifications to anyone but staff and the author. A withdrawn idea keeps its page
# and tally but leaves the lists, counts and exports.


def is_publicly_visible(proposal) -> bool:
    """The public may open this idea: not hidden by moderation, not a draft."""
    return not proposal.is_hidden and proposal.stage != Stage.DRAFT


def is_listed(proposal) -> bool:
    """The idea appears in public lists, counts and exports."""
    return is_publicly_visible(proposal) and proposal.stage not in UNLISTED


def public_condition(prefix: str = "") -> Q:
    """is_publicly_visible() as a filter; `prefix` reaches a proposal through a
    relation (e.g. "proposal__")."""
    return Q(**{f"{prefix}is_hidden": False}) & ~Q(**{f"{prefix}stage": Stage.DRAFT})


def listed_condition(prefix: str = "") -> Q:
    """is_listed() as a filter."""
    # NOT IN the two unlisted stages rather than IN the eleven listed ones: the same
    # rows, but no index on stage tempts PostgreSQL away from the search's trigram
    # index.
    return Q(**{f"{prefix}is_hidden": False}) & ~Q(**{f"{prefix}stage__in": UNLISTED})


class ProposalQuerySet(models.QuerySet):
    def public(self) -> "ProposalQuerySet":
        """The ideas the public may open (is_publicly_visible)."""
        return self.filter(public_condition())

    def listed(self) -> "ProposalQuerySet":
        """What the public lists, counts and exports (listed_condition)."""
        return self.filter(listed_condition())

    def accepting(self, now: datetime) -> "ProposalQuerySet":
        """The proposals that accept an agreement at `now`."""
        return self.filter(accepting_condition(now))

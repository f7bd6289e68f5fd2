"""The open data: what each dataset contains, column by column, and its rows.

No personal data leaves through here: no email, phone, name, IP address or account id of
anybody. Authors are not identified at all, not even by a pseudonym: public proposal pages
name their authors, so a stable pseudonym would let anyone link every idea of a person.
Who changed a stage is given only as a role (system, author, staff).

Rows are read with iterator() in chunks and streamed, so a file of any size is written
without holding it in memory.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Case, F, Value, When
from django.db.models.fields import CharField
from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from oasis.opendata.models import ProposalDayTally
from proposals.implementation.models import ImplementationUpdate
from proposals.lifecycle import listed_condition
from proposals.models import Proposal, StageChange
from proposals.reviews.models import Decision

CHUNK = 2000
# The licence, as machine-readable fields (API, JSON files) and a translated title (pages).
LICENCE_TITLE = _("Korea Open Government License (KOGL) Type 1: attribution")
LICENCE = {
    "name": "KOGL Type 1 (Korea Open Government License, attribution)",
    "code": "KOGL-Type1",
    "url": "https://www.kogl.or.kr/info/licenseType1.do",
    "attribution": "Oasis, Seoul citizen ideas",
}


TYPE_LABELS = {
    "integer": _("whole number"),
    "text": _("text"),
    "boolean": _("true or false"),
    "date": _("date"),
    "datetime": _("date and time"),
}


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    description: Promise | str

    @property
    def type_label(self) -> str:
        return str(TYPE_LABELS[self.type])


@dataclass(frozen=True)
class Dataset:
    name: str
    title: Promise | str
    description: Promise | str
    columns: list[Column]
    rows: Callable[[], Iterator[tuple]] = field(repr=False)

    @property
    def column_names(self) -> list[str]:
        return [column.name for column in self.columns]


def _proposal_rows() -> Iterator[tuple]:
    return (
        Proposal.objects.listed()
        .order_by("pk")
        .values_list(
            "pk",
            "title",
            "summary",
            "language",
            "category__slug",
            "district__code",
            "stage",
            "threshold",
            "vote_count",
            "comment_count",
            "follower_count",
            "published_at",
            "voting_ends_at",
            "in_review_at",
            "track__answered_at",
        )
        .iterator(chunk_size=CHUNK)
    )


def _stage_history_rows() -> Iterator[tuple]:
    changed_by = Case(
        When(actor__isnull=True, then=Value("system")),
        When(actor_id=F("proposal__author_id"), then=Value("author")),
        default=Value("staff"),
        output_field=CharField(),
    )
    return (
        StageChange.objects.filter(listed_condition("proposal__"))
        .annotate(changed_by=changed_by)
        .order_by("proposal_id", "created_at", "pk")
        .values_list(
            "proposal_id",
            "from_stage",
            "to_stage",
            "created_at",
            "changed_by",
            "reason",
        )
        .iterator(chunk_size=CHUNK)
    )


def _tally_rows() -> Iterator[tuple]:
    for pk, votes, threshold in (
        Proposal.objects.listed()
        .order_by("pk")
        .values_list("pk", "vote_count", "threshold")
        .iterator(chunk_size=CHUNK)
    ):
        yield pk, votes, threshold, bool(threshold) and votes >= threshold


def _daily_rows() -> Iterator[tuple]:
    return (
        ProposalDayTally.objects.filter(listed_condition("proposal__"))
        .order_by("proposal_id", "day")
        .values_list("proposal_id", "day", "agreements")
        .iterator(chunk_size=CHUNK)
    )


def _decision_rows() -> Iterator[tuple]:
    return (
        Decision.objects.filter(
            listed_condition("proposal__"), published_at__isnull=False
        )
        .order_by("published_at", "pk")
        .values_list(
            "pk",
            "proposal_id",
            "round_id",
            "round__name",
            "outcome",
            "rationale",
            "department",
            "budget",
            "published_at",
        )
        .iterator(chunk_size=CHUNK)
    )


def _implementation_rows() -> Iterator[tuple]:
    return (
        ImplementationUpdate.objects.filter(listed_condition("proposal__"))
        .order_by("proposal_id", "created_at", "pk")
        .values_list(
            "pk",
            "proposal_id",
            "stage",
            "progress",
            "budget_spent",
            "text",
            "created_at",
        )
        .iterator(chunk_size=CHUNK)
    )


STAGE_NOTE = _(
    "One of draft, open, in_review, selected, rejected, deferred, planning, execution, "
    "operation, assessment, completed, archived, withdrawn."
)
TIME_NOTE = _("ISO 8601 date and time with its offset (Asia/Seoul, +09:00).")

DATASETS: dict[str, Dataset] = {
    dataset.name: dataset
    for dataset in [
        Dataset(
            name="proposals",
            title=_("Ideas"),
            description=_(
                "Every idea the public can see (not drafts, withdrawn or hidden ideas), "
                "with its stage and live counters. The author is not included."
            ),
            columns=[
                Column(
                    "id",
                    "integer",
                    _("Number of the idea; its page is /proposals/<id>/."),
                ),
                Column("title", "text", _("Title, as written by the citizen.")),
                Column("summary", "text", _("One-line summary.")),
                Column("language", "text", _("Language it was written in: ko or en.")),
                Column(
                    "category", "text", _("Category code (see /api/v1/categories/).")
                ),
                Column(
                    "district", "text", _("District code (see /api/v1/districts/).")
                ),
                Column("stage", "text", STAGE_NOTE),
                Column("threshold", "integer", _("Agreements needed to go to review.")),
                Column("vote_count", "integer", _("Agreements now.")),
                Column("comment_count", "integer", _("Visible comments now.")),
                Column("follower_count", "integer", _("People following the idea.")),
                Column("published_at", "datetime", TIME_NOTE),
                Column(
                    "voting_ends_at",
                    "datetime",
                    format_lazy("{} {}", _("When agreements close."), TIME_NOTE),
                ),
                Column(
                    "in_review_at",
                    "datetime",
                    _("When it last entered review, if ever."),
                ),
                Column(
                    "answered_at",
                    "datetime",
                    _("When its answer was published, if any."),
                ),
            ],
            rows=_proposal_rows,
        ),
        Dataset(
            name="stage_history",
            title=_("Stage history"),
            description=_("Every change of stage of the ideas above, oldest first."),
            columns=[
                Column("proposal_id", "integer", _("The idea (proposals.id).")),
                Column("from_stage", "text", STAGE_NOTE),
                Column("to_stage", "text", STAGE_NOTE),
                Column("changed_at", "datetime", TIME_NOTE),
                Column(
                    "changed_by",
                    "text",
                    _(
                        "Who made the change, as a role only: system (threshold, "
                        "window end), author, or staff."
                    ),
                ),
                Column("reason", "text", _("The public reason given, if any.")),
            ],
            rows=_stage_history_rows,
        ),
        Dataset(
            name="tallies",
            title=_("Agreement tallies"),
            description=_("Agreements per idea, from the live counters."),
            columns=[
                Column("proposal_id", "integer", _("The idea (proposals.id).")),
                Column("vote_count", "integer", _("Agreements now.")),
                Column("threshold", "integer", _("Agreements needed to go to review.")),
                Column(
                    "threshold_reached", "boolean", _("Whether the count reaches it.")
                ),
            ],
            rows=_tally_rows,
        ),
        Dataset(
            name="agreements_per_day",
            title=_("Agreements per day"),
            description=_(
                "Agreements per idea and day (Asia/Seoul), still standing now. "
                "Updated every ten minutes; fully recounted every night."
            ),
            columns=[
                Column("proposal_id", "integer", _("The idea (proposals.id).")),
                Column("day", "date", _("Day in Asia/Seoul, YYYY-MM-DD.")),
                Column("agreements", "integer", _("Agreements given that day.")),
            ],
            rows=_daily_rows,
        ),
        Dataset(
            name="decisions",
            title=_("Review decisions"),
            description=_(
                "Published answers of the review rounds (decisions still internal are "
                "not included). Who decided and who reviewed are not included."
            ),
            columns=[
                Column("id", "integer", _("Number of the decision.")),
                Column("proposal_id", "integer", _("The idea (proposals.id).")),
                Column("round_id", "integer", _("Number of the review round.")),
                Column("round_name", "text", _("Name of the review round.")),
                Column("outcome", "text", _("selected, rejected or deferred.")),
                Column("rationale", "text", _("The public rationale.")),
                Column(
                    "department",
                    "text",
                    _("City department responsible (selected ideas)."),
                ),
                Column(
                    "budget", "integer", _("Budget in KRW (selected ideas), if set.")
                ),
                Column("published_at", "datetime", TIME_NOTE),
            ],
            rows=_decision_rows,
        ),
        Dataset(
            name="implementation",
            title=_("Implementation progress"),
            description=_(
                "Progress reports on selected ideas, oldest first. Photos are not included."
            ),
            columns=[
                Column("id", "integer", _("Number of the report.")),
                Column("proposal_id", "integer", _("The idea (proposals.id).")),
                Column("stage", "text", STAGE_NOTE),
                Column("progress", "integer", _("Progress in percent, 0 to 100.")),
                Column(
                    "budget_spent",
                    "integer",
                    _("Budget spent so far in KRW, if given."),
                ),
                Column("text", "text", _("What happened, as written by staff.")),
                Column("posted_at", "datetime", TIME_NOTE),
            ],
            rows=_implementation_rows,
        ),
    ]
}


def json_value(value):
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def csv_rows(dataset: Dataset) -> Iterator[Iterable]:
    """The header, then every row (cells are made safe by the CSV writer)."""
    yield dataset.column_names
    yield from dataset.rows()


def catalogue_entry(dataset: Dataset) -> dict:
    return {
        "name": dataset.name,
        "title": str(dataset.title),
        "description": str(dataset.description),
        "columns": [
            {"name": c.name, "type": c.type, "description": str(c.description)}
            for c in dataset.columns
        ],
    }


def iter_json(dataset: Dataset, *, generated_at: dt.datetime) -> Iterator[str]:
    """{"dataset": …, "licence": …, "columns": […], "rows": [{…}, …]}, written row by row."""
    head = {
        "dataset": dataset.name,
        "licence": LICENCE,
        "generated_at": generated_at.isoformat(),
        "columns": catalogue_entry(dataset)["columns"],
    }
    yield json.dumps(head, ensure_ascii=False)[:-1] + ', "rows": ['
    names = dataset.column_names
    first = True
    for row in dataset.rows():
        item = json.dumps(
            {name: json_value(value) for name, value in zip(names, row, strict=True)},
            ensure_ascii=False,
        )
        yield item if first else "," + item
        first = False
    yield "]}"

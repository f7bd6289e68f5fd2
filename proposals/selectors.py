"""Every non-trivial read of proposals; each selector owns its joins and prefetches, so the
query budgets (list ≤ 8, detail ≤ 12) live here."""

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, cast

from django.core.cache import cache
from django.db.models import (
    BooleanField,
    CharField,
    Count,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, NullIf
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language

from oasis.core.models import District
from oasis.core.pagination import Page, decode_cursor, encode_cursor, keyset_page
from proposals import lifecycle, search
from proposals.models import (
    Category,
    Comment,
    CommentHelpful,
    Follow,
    Proposal,
    ProposalImage,
    ProposalVersion,
    Report,
    Stage,
    StageChange,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise

# Sort name → keyset keys (all descending, id last; each has its index on Proposal).
ORDERINGS: dict[str, list[str]] = {
    "-created_at": ["created_at", "id"],
    "-vote_count": ["vote_count", "id"],
    "-comment_count": ["comment_count", "id"],
    "trending": ["trending_score", "id"],
}
RELEVANCE = "relevance"
DEFAULT_ORDERING = "-created_at"
PAGE_SIZE = 20
SIMILAR_LIMIT = 5
SEARCH_MAX_RESULTS = search.MAX_RESULTS
# Enough matches that five open ones are found among answered look-alikes.
SIMILAR_CANDIDATES = 30
COMMENT_PAGE_SIZE = 20
# Top-level comments and replies on one page of comments, however long its threads.
MAX_COMMENTS_ON_PAGE = 500


def with_cover(queryset: QuerySet[Proposal]) -> QuerySet[Proposal]:
    """Each idea with its first photo's small thumbnail (`cover_thumbnail`, a storage
    name) and description (`cover_alt`), for cards: a subquery, not a query per card."""
    first_image = ProposalImage.objects.filter(proposal=OuterRef("pk")).order_by(
        "position", "id"
    )
    return queryset.annotate(
        cover_thumbnail=Subquery(
            first_image.annotate(
                cover=Coalesce(
                    NullIf("thumbnail_small", Value("")),
                    "image",
                    output_field=CharField(),
                )
            ).values("cover")[:1]
        ),
        cover_alt=Subquery(first_image.values("alt_text")[:1]),
    )


def _listed() -> QuerySet[Proposal]:
    """Listed ideas for cards, with their category, district and cover photo."""
    listed = cast(QuerySet[Proposal], Proposal.objects.listed())
    return with_cover(listed.select_related("category", "district"))


@dataclass
class ProposalFilters:
    category: str = ""
    district: str = ""
    stage: str = ""
    q: str = ""
    ordering: str = ""

    @property
    def effective_ordering(self) -> str:
        if self.ordering in ORDERINGS:
            return self.ordering
        if self.ordering == RELEVANCE and self.q:
            return RELEVANCE
        return RELEVANCE if self.q else DEFAULT_ORDERING


def _filtered(filters: ProposalFilters) -> QuerySet[Proposal]:
    queryset = _listed()
    if filters.category:
        queryset = queryset.filter(category__slug=filters.category)
    if filters.district:
        queryset = queryset.filter(district__code=filters.district)
    if filters.stage:
        queryset = queryset.filter(stage=filters.stage)
    return queryset


def proposal_queryset(filters: ProposalFilters) -> QuerySet[Proposal]:
    """The listed proposals matching `filters` (category slug, district code, stage, q)."""
    queryset = _filtered(filters)
    if search.clean_query(filters.q):
        queryset = search.search(queryset, filters.q)
    return queryset


def proposal_list(
    *, filters: ProposalFilters, cursor: str | None = None, size: int = PAGE_SIZE
) -> Page:
    """One page of the public list: one query, whatever the page size or depth; a
    search adds one query for its candidates and one for ranking them, and counts its
    results."""
    ordering = filters.effective_ordering
    keys = ["rank", "id"] if ordering == RELEVANCE else ORDERINGS[ordering]
    queryset = _filtered(filters)
    if not search.clean_query(filters.q):
        return keyset_page(queryset, keys=keys, cursor=cursor, size=size)
    found = search.ranked(queryset, filters.q)
    if ordering == RELEVANCE:
        page = _ranked_page(queryset, found, cursor=cursor, size=size)
    else:
        page = keyset_page(
            search.with_ranks(queryset, found), keys=keys, cursor=cursor, size=size
        )
    page.count = len(found)
    return page


def _ranked_page(
    queryset: QuerySet[Proposal], found: search.Ranked, *, cursor: str | None, size: int
) -> Page:
    """One page of search results in relevance order: the ranking has already ordered
    them, so only the page's rows are read. The cursor is the keyset one, (rank, id)."""
    order = [(found.ranks[pk], pk) for pk in found.ids]  # best first
    if cursor:
        last = tuple(decode_cursor(cursor, 2))
        order = [key for key in order if key < last]
    chosen = order[: size + 1]
    rows = queryset.filter(pk__in=[pk for _rank, pk in chosen]).in_bulk()
    items = []
    for rank, pk in chosen[:size]:
        if proposal := rows.get(pk):
            proposal.rank = rank  # type: ignore[attr-defined]  # as with_ranks annotates
            items.append(proposal)
    more = len(chosen) > size
    next_cursor = encode_cursor(list(chosen[size - 1])) if more and items else None
    return Page(items=items, next_cursor=next_cursor)


def proposal_similar(
    *, title: str, exclude_id: int | None = None, now: datetime | None = None
) -> list[Proposal]:
    """Up to 5 listed ideas like `title` (the submit hint): those that still accept
    agreements first, then answered ones, each group by relevance."""
    if len(search.clean_query(title)) < 2:
        return []
    queryset = _listed()
    if exclude_id:
        queryset = queryset.exclude(pk=exclude_id)
    found = search.ranked(queryset, title, limit=SIMILAR_CANDIDATES)
    proposals = {p.pk: p for p in queryset.filter(pk__in=found.ids)}
    now = now or timezone.now()
    ordered = [proposals[pk] for pk in found.ids if pk in proposals]
    for proposal in ordered:
        # A flag for the template, not a field: the stubs know no such attribute.
        proposal.accepts_agreements = lifecycle.accepts_agreements(proposal, now)  # type: ignore[attr-defined]
    ordered.sort(key=lambda p: not p.accepts_agreements)  # type: ignore[attr-defined]  # stable: relevance kept
    return ordered[:SIMILAR_LIMIT]


def proposal_search_suggestion(*, query: str) -> str:
    """A near spelling of `query` that the indexed ideas use ('' if none)."""
    return search.suggestion(query)


def proposal_trending(*, limit: int = 6) -> list[Proposal]:
    return list(
        _listed()
        .filter(stage__in=lifecycle.TRENDING)
        .order_by("-trending_score", "-id")[:limit]
    )


def proposal_newest(*, limit: int = 6) -> list[Proposal]:
    return list(
        _listed().filter(stage=Stage.OPEN).order_by("-created_at", "-id")[:limit]
    )


LIST_GENERATION_KEY = "proposals:list:generation"


def list_cache_generation() -> int:
    """The generation of the cached list pages; moderation starts a new one."""
    return cache.get(LIST_GENERATION_KEY, 0)


def categories() -> list[Category]:
    return list(Category.objects.filter(is_active=True))


def districts() -> list[District]:
    return list(District.objects.all())


FILTER_CHOICES_SECONDS = 300


@dataclass(frozen=True)
class Choice:
    """A category or district as the filter form shows it: value and names."""

    value: str
    name_ko: str
    name_en: str

    @property
    def name(self) -> str:
        # As BilingualNameMixin.name: English only when English is active.
        return (
            self.name_en if (get_language() or "ko").startswith("en") else self.name_ko
        )


def filter_choices() -> tuple[list[Choice], list[Choice]]:
    """Active categories and all districts for the filter form, in their own orders:
    one query, cached for 5 minutes (they change a few times a year), so that a list or
    search page queries little more than its ideas."""
    choices: tuple[list[Choice], list[Choice]] | None = cache.get(
        "proposals:filter-choices"
    )
    if choices is None:
        fields = ("kind", "position", "sort_name", "value", "name_ko", "name_en")
        rows = (
            Category.objects.filter(is_active=True)
            .order_by()
            .annotate(kind=Value(0), sort_name=F("name_ko"), value=F("slug"))
            .values_list(*fields)
            .union(
                District.objects.order_by()
                .annotate(
                    kind=Value(1),
                    position=Value(0),
                    sort_name=F("name_ko"),
                    value=F("code"),
                )
                .values_list(*fields),
                all=True,
            )
            .order_by("kind", "position", "sort_name")
        )
        choices = ([], [])
        for kind, _position, _sort, value, name_ko, name_en in rows:
            choices[kind].append(Choice(value, name_ko, name_en))
        cache.set("proposals:filter-choices", choices, FILTER_CHOICES_SECONDS)
    return choices


@dataclass
class Thread:
    comment: Comment
    replies: list[Comment] = field(default_factory=list)


def proposal_detail_queryset(*, user) -> QuerySet[Proposal]:
    """The proposal with its category, district, author, images and timeline, and the
    viewer's follow and report state: one query plus two prefetches."""
    queryset = Proposal.objects.select_related("category", "district", "author")
    if user is not None and user.is_authenticated:
        queryset = queryset.annotate(
            is_followed=Exists(
                Follow.objects.filter(proposal=OuterRef("pk"), user=user)
            ),
            is_reported=Exists(
                Report.objects.filter(
                    proposal=OuterRef("pk"), reporter=user, status=Report.Status.OPEN
                )
            ),
        )
    else:
        no = Value(False, output_field=BooleanField())
        queryset = queryset.annotate(is_followed=no, is_reported=no)
    versions = (
        ProposalVersion.objects.filter(proposal=OuterRef("pk"))
        .order_by()
        .values("proposal")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return queryset.annotate(
        version_count=Coalesce(Subquery(versions), 0),
    ).prefetch_related(
        Prefetch("images", queryset=ProposalImage.objects.order_by("position", "id")),
        Prefetch(
            "stage_changes",
            queryset=StageChange.objects.order_by("created_at", "id"),
        ),
    )


def proposal_get(*, pk: int, user=None) -> Proposal | None:
    return proposal_detail_queryset(user=user).filter(pk=pk).first()


@dataclass
class CommentPage:
    """One page of a proposal's threads, oldest first; `next_number` is None on the last."""

    threads: list[Thread]
    number: int
    next_number: int | None


def comment_threads(
    *, proposal: Proposal, user=None, page: int = 1, size: int = COMMENT_PAGE_SIZE
) -> CommentPage:
    """One page of top-level comments with their replies (one level), in one query:
    the page's top-level comments plus the next one (is there a next page?) and the
    replies of the page's threads, whatever the number of comments."""
    queryset = Comment.objects.filter(proposal=proposal).select_related("author")
    if user is not None and user.is_authenticated:
        queryset = queryset.annotate(
            marked_helpful=Exists(
                CommentHelpful.objects.filter(comment=OuterRef("pk"), user=user)
            ),
            reported=Exists(
                Report.objects.filter(
                    comment=OuterRef("pk"), reporter=user, status=Report.Status.OPEN
                )
            ),
        )
    tops = (
        Comment.objects.filter(proposal=proposal, parent__isnull=True)
        .order_by("created_at", "id")
        .values("pk")
    )
    start = (page - 1) * size
    queryset = queryset.filter(
        Q(pk__in=tops[start : start + size + 1])
        | Q(parent_id__in=tops[start : start + size])
    )
    # Top-level comments first, so that the cap on replies never hides a thread.
    ordering = (F("parent_id").asc(nulls_first=True), "created_at", "id")
    comments = list(queryset.order_by(*ordering)[:MAX_COMMENTS_ON_PAGE])
    threads: dict[int, Thread] = {}
    for comment in comments:
        if comment.parent_id is None:
            threads[comment.pk] = Thread(comment=comment)
        elif comment.parent_id in threads:
            threads[comment.parent_id].replies.append(comment)
    shown = list(threads.values())
    return CommentPage(
        threads=shown[:size],
        number=page,
        next_number=page + 1 if len(shown) > size else None,
    )


def comment_page_url(*, comment: Comment) -> str:
    """The proposal's page of comments that shows `comment`, at the comment. 1 query."""
    page = comment_page_number(comment=comment)
    query = f"?page={page}" if page > 1 else ""
    detail = reverse("proposals:proposal-detail", args=[comment.proposal_id])
    return f"{detail}{query}#comment-{comment.pk}"


def comment_page_number(*, comment: Comment, size: int = COMMENT_PAGE_SIZE) -> int:
    """The page of the proposal's comments that shows `comment` (its thread's page).
    Comments are never removed (deleting leaves a tombstone), so it never changes."""
    thread_id = comment.parent_id or comment.pk
    thread_start = Comment.objects.filter(pk=thread_id).values("created_at")[:1]
    earlier = Comment.objects.filter(
        Q(created_at__lt=thread_start) | Q(created_at=thread_start, pk__lt=thread_id),
        proposal_id=comment.proposal_id,
        parent__isnull=True,
    ).count()
    return earlier // size + 1


def proposal_versions(*, proposal: Proposal):
    return list(proposal.versions.order_by("-number"))


def proposals_of_author(*, user) -> QuerySet[Proposal]:
    return (
        Proposal.objects.filter(author=user)
        .select_related("category", "district")
        .order_by("-created_at", "-id")
    )


def proposals_followed(*, user) -> QuerySet[Proposal]:
    return (
        Proposal.objects.filter(follows__user=user)
        .exclude(stage=Stage.DRAFT)
        .select_related("category", "district")
        .order_by("-follows__created_at", "-id")
    )


def open_reports() -> QuerySet[Report]:
    return (
        Report.objects.filter(status=Report.Status.OPEN)
        .select_related("proposal", "comment", "comment__proposal", "reporter")
        .order_by("-created_at")
    )


def images_without_thumbnails(*, created_before: datetime, limit: int) -> list[int]:
    """The oldest images still waiting for a thumbnail, by id."""
    return list(
        ProposalImage.objects.filter(
            Q(thumbnail_small="") | Q(thumbnail_large=""),
            created_at__lte=created_before,
        )
        .order_by("created_at", "id")
        .values_list("pk", flat=True)[:limit]
    )


def comment_get(*, pk: int) -> Comment | None:
    return Comment.objects.select_related("proposal", "author").filter(pk=pk).first()


def stage_filter_choices() -> "list[tuple[str, str | StrPromise]]":
    return [(stage.value, stage.label) for stage in lifecycle.LISTED]

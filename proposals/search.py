"""Search for Korean and English ideas: candidates from an index of analysed keys, one
ranking in Python.

Writing a proposal stores its analysed terms (`Proposal.search_terms`) and its index keys
(`SearchKey`: stems, parts of stems, stems with one syllable left open, the whole title),
each weighted by how much the proposal is about it. A query looks up its own keys and
takes, per key, the CANDIDATES_PER_KEY heaviest proposals through the (key, weight)
index: bounded work however many ideas share a common word, and candidates chosen by
similarity, never by storage order. The exact title is a key of its own, so it is always
a candidate. `rank` alone decides the order, the same on PostgreSQL and SQLite:

  3 + s   the exact title (spacing and particles aside)
  2 + s   every topic word of the query is in the idea (as a word, part of a compound,
          or a synonym: 자전거길 / 자전거 도로)
  1 + s   some topic words, partial words or words within one jamo slip
  s in [0, 1): how much of the query and of the title match, the title above the summary.
"""

from dataclasses import dataclass

from django.db import connections
from django.db.models import Case, FloatField, QuerySet, Value, When

from proposals import analysis
from proposals.analysis import Document, Query, is_hangul, typo_similarity
from proposals.models import Proposal, SearchKey

MAX_QUERY_LENGTH = 100
MAX_QUERY_KEYS = 24
CANDIDATES_PER_KEY = 100
# Candidates ranked in full, by the summed weight of the query keys they share.
RANKED_CANDIDATES = 300
MAX_RESULTS = 100
# A word matched within this similarity of jamo counts as the same word misspelt.
TYPO_SIMILARITY = 0.7
# A query word counts as present from this match on (a typo of a title word, 0.6).
EVERY_WORD = 0.5
# Words of a request that tell little about its topic count for less.
GENERIC_WORDS = frozenset(
    {"개선", "설치", "확충", "확대", "증설", "마련", "추가", "조성", "운영", "문제"}
)
GENERIC_WEIGHT = 0.3


def clean_query(query: str) -> str:
    return " ".join((query or "").split())[:MAX_QUERY_LENGTH]


# --- Writing -------------------------------------------------------------------------


def index_proposal(proposal: Proposal) -> None:
    """Store the analysed terms and the index keys of a saved proposal's text."""
    terms = analysis.document_terms(proposal.title, proposal.summary)
    proposal.search_terms = terms
    Proposal.objects.filter(pk=proposal.pk).update(search_terms=terms)
    SearchKey.objects.filter(proposal_id=proposal.pk).delete()
    SearchKey.objects.bulk_create(key_rows(proposal.pk, proposal.title, terms))


def key_rows(pk: int, title: str, terms: str) -> list[SearchKey]:
    return [
        SearchKey(proposal_id=pk, key=key, weight=weight)
        for key, weight in analysis.document_keys(title, terms).items()
    ]


def reindex(queryset: QuerySet[Proposal], batch: int = 500) -> int:
    """Re-analyse every proposal of `queryset` (after a change of the rules)."""
    count = 0
    for proposal in queryset.only("pk", "title", "summary").iterator(batch):
        index_proposal(proposal)
        count += 1
    return count


# --- Ranking -------------------------------------------------------------------------


def _term_match(forms: tuple[str, ...], document: Document, written: str) -> float:
    """How well one query word is in the document, 0..1 (`written`: the title's words
    as written, joined, for a compound typed as the title spells it: 산책로벤치)."""
    best = 0.0
    for form in forms:
        if len(form) >= 2 and not form.isascii() and form in written:
            best = max(best, 0.95)
        for stems, joined, weight in (
            (document.title, document.title_compact, 1.0),
            (document.summary, document.summary_compact, 0.6),
        ):
            if form in stems:
                score = 1.0
            elif is_hangul(form) and form in joined:
                # Part of a compound or spelt without spaces (도로 in 자전거도로).
                score = 0.95 if len(form) >= 2 else 0.7
            elif (
                not is_hangul(form)
                and len(form) >= 3
                and any(stem.startswith(form) for stem in stems)
            ):
                score = 0.9
            else:
                # A slip in a word, or in the first part of a compound.
                score = max(
                    (
                        typo_similarity(form, candidate)
                        for stem in stems
                        for candidate in {stem, stem[: len(form)]}
                        if candidate
                    ),
                    default=0.0,
                )
                if score < TYPO_SIMILARITY:
                    score = 0.0
                score *= 0.85
            best = max(best, score * weight)
            if best >= 1.0:
                return best
    return best


def rank_document(query: Query, title: str, document: Document) -> float:
    """The rank of one idea for `query`; below 1 it is not a result."""
    if not query.terms:
        return 0.0
    exact = analysis.compact(title)
    if (query.compact and query.compact == exact) or (
        query.terms_compact and query.terms_compact == document.title_compact
    ):
        return 3.0 + _coverage(query, document) * 0.999
    weights = [GENERIC_WEIGHT if t in GENERIC_WORDS else 1.0 for t in query.terms]
    matches = [_term_match(forms, document, exact) for forms in query.forms]
    topical = [m for w, m in zip(weights, matches, strict=True) if w == 1.0]
    if not any(topical or matches):
        return 0.0
    mean = sum(w * m for w, m in zip(weights, matches, strict=True)) / sum(weights)
    phrase = bool(query.terms_compact) and query.terms_compact in document.title_compact
    score = 0.6 * mean + 0.3 * _coverage(query, document) + (0.1 if phrase else 0.0)
    every_word = min(matches) >= EVERY_WORD
    return (2.0 if every_word else 1.0) + min(score, 0.999)


def _coverage(query: Query, document: Document) -> float:
    """The share of the title's words the query speaks of (a short title that is all
    about the query comes before a long one that mentions it)."""
    if not document.title:
        return 0.0
    forms = [form for forms in query.forms for form in forms]
    covered = 0.0
    for stem in document.title:
        if stem in forms:
            covered += 1.0
        elif any(form in stem or stem in form for form in forms):
            covered += 0.5

    return covered / len(document.title)


# --- Searching -----------------------------------------------------------------------


@dataclass
class Ranked:
    ids: list[int]
    ranks: dict[int, float]

    def __len__(self) -> int:
        return len(self.ids)


def ranked(queryset: QuerySet[Proposal], text: str, limit: int = MAX_RESULTS) -> Ranked:
    """The ids of `queryset`'s matches of `text`, best first, with their ranks."""
    query = Query.parse(clean_query(text))
    if not query.terms:
        return Ranked([], {})
    keys = analysis.query_keys(query, MAX_QUERY_KEYS)
    scores: dict[int, float] = {}
    for pk, weight in _candidates(queryset, keys):
        scores[pk] = scores.get(pk, 0.0) + weight
    best = sorted(scores, key=lambda pk: (-scores[pk], -pk))[:RANKED_CANDIDATES]
    rows = Proposal.objects.filter(pk__in=best).values_list(
        "pk", "title", "search_terms"
    )
    ranks = {}
    for pk, title, terms in rows:
        rank = rank_document(query, title, Document.parse(terms))
        if rank >= 1.0:
            ranks[pk] = round(rank, 9)
    ids = sorted(ranks, key=lambda pk: (-ranks[pk], -pk))[:limit]
    return Ranked(ids, {pk: ranks[pk] for pk in ids})


def _candidates(
    queryset: QuerySet[Proposal], keys: list[str]
) -> list[tuple[int, float]]:
    """(proposal, weight) of the CANDIDATES_PER_KEY heaviest proposals of `queryset`
    for each key, in one query. Written as SQL around the queryset's own (compiled
    once): a union of one ORM query per key cost more to build than to run."""
    if not keys:
        return []
    connection = connections[queryset.db]
    allowed, allowed_params = queryset.order_by().values("pk").query.sql_with_params()
    table = connection.ops.quote_name(SearchKey._meta.db_table)
    # Only the quoted table name and the queryset's compiled SQL are written into the
    # text; every value is a parameter.
    if connection.vendor == "postgresql":
        # Per key, an index walk in weight order that stops after the limit.
        sql = (
            "SELECT c.proposal_id, c.weight FROM unnest(%s::text[]) AS q(key) "  # noqa: S608
            "CROSS JOIN LATERAL (SELECT s.proposal_id, s.weight "
            f"FROM {table} s WHERE s.key = q.key AND s.proposal_id IN ({allowed}) "
            "ORDER BY s.weight DESC, s.proposal_id DESC LIMIT %s) c"
        )
        params = [keys, *allowed_params, CANDIDATES_PER_KEY]
    else:
        # The same rows by numbering each key's proposals heaviest first.
        marks = ", ".join(["%s"] * len(keys))
        sql = (
            "SELECT proposal_id, weight FROM (SELECT proposal_id, weight, "  # noqa: S608
            "ROW_NUMBER() OVER (PARTITION BY key ORDER BY weight DESC, "
            f"proposal_id DESC) AS position FROM {table} WHERE key IN ({marks}) "
            f"AND proposal_id IN ({allowed})) WHERE position <= %s"
        )
        params = [*keys, *allowed_params, CANDIDATES_PER_KEY]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [(pk, weight) for pk, weight in cursor.fetchall()]


def search(queryset: QuerySet[Proposal], query: str) -> QuerySet[Proposal]:
    """`queryset` narrowed to the matches of `query`, annotated with `rank`."""
    return with_ranks(queryset, ranked(queryset, query))


def with_ranks(queryset: QuerySet[Proposal], result: Ranked) -> QuerySet[Proposal]:
    if not result.ids:
        return queryset.none().annotate(rank=Value(0.0, output_field=FloatField()))
    return queryset.filter(pk__in=result.ids).annotate(
        rank=Case(
            *[When(pk=pk, then=Value(result.ranks[pk])) for pk in result.ids],
            default=Value(0.0),
            output_field=FloatField(),
        )
    )


# --- Did you mean --------------------------------------------------------------------


def suggestion(text: str) -> str:
    """The query with each unknown word replaced by the nearest indexed word, or ''."""
    query = Query.parse(clean_query(text))
    changed = False
    words = []
    for term in query.terms:
        if SearchKey.objects.filter(key=term).exists():
            words.append(term)
            continue
        near = _nearest_key(term)
        changed |= bool(near)
        words.append(near or term)
    return " ".join(words) if changed else ""


def _nearest_key(term: str) -> str:
    if len(term) < 2:
        return ""
    candidates = (
        SearchKey.objects.filter(key__startswith=term[0])
        .exclude(key__contains=analysis.WILDCARD)
        .exclude(key__startswith=analysis.EXACT)
        .filter(weight__gte=analysis.TITLE * analysis.FULL / 4)
        .values_list("key", flat=True)
        .distinct()[:500]
    )
    scored = [
        (typo_similarity(term, key), key)
        for key in candidates
        if abs(len(key) - len(term)) <= 1
    ]
    scored = [item for item in scored if item[0] >= 0.6]
    return max(scored, key=lambda item: (item[0], item[1]))[1] if scored else ""


# --- Kept for migrations -------------------------------------------------------------

from django.db.models import Func, TextField  # noqa: E402


class SearchDocument(Func):
    """lower(title || ' ' || summary), jamo-decomposed on PostgreSQL: the generated
    column of an earlier schema, still named by its migration."""

    template = "lower(%(expressions)s)"
    arg_joiner = " || ' ' || "
    output_field = TextField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler,
            connection,
            template="normalize(lower(%(expressions)s), NFD)",
            **extra_context,
        )

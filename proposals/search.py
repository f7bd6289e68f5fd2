"""Search that works for Korean (issue 3, item 4).

Korean glues particles to words (자전거를) and builds compounds (자전거도로), so
substring matching fails. Proposals carry a generated `search_document`: the lower-cased
title and summary, decomposed on PostgreSQL into jamo (Unicode NFD), so that a particle
or a misspelt vowel changes only a few trigrams. PostgreSQL finds candidates with the
pg_trgm GIN index (`%>`, word similarity above pg_trgm.word_similarity_threshold), at most
PG_CANDIDATES of them, and ranks those by word similarity. SQLite, for development,
filters a bounded candidate set by character bigrams and ranks it in Python with the
same measure.
"""

import re
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connections, transaction
from django.db.models import (
    Case,
    F,
    FloatField,
    Func,
    Q,
    QuerySet,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Cast, Greatest

# Word similarity a match needs. PostgreSQL reads it from the connection setting
# pg_trgm.word_similarity_threshold, set in DATABASES OPTIONS (oasis/settings.py).
WORD_SIMILARITY_THRESHOLD = 0.4
MAX_QUERY_LENGTH = 100
# PostgreSQL: how many matches the trigram index yields before they are ranked (five
# pages). A common word matches a tenth of all ideas; checking and ranking every match
# made a search linear in the number of ideas (1.7 s at 100,000; docs/performance.md).
PG_CANDIDATES = 100
# SQLite fallback: how many recent candidates are ranked, how many results are kept.
FALLBACK_CANDIDATES = 500
FALLBACK_RESULTS = 100

_WORD = re.compile(r"\w+")


class SearchDocument(Func):
    """lower(title || ' ' || summary), decomposed into jamo (NFD) on PostgreSQL."""

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


def normalise(text: str) -> str:
    return unicodedata.normalize("NFD", (text or "").lower())


def clean_query(query: str) -> str:
    return " ".join((query or "").split())[:MAX_QUERY_LENGTH]


PHRASE = "phrase"
ANY_WORD = "any"
MAX_WORDS = 8
# In ANY_WORD mode one word must match well: a two-syllable word sharing only its first
# syllable with a document (도로 / 도서관) scores 0.4.
ANY_WORD_BEST = 0.5


def search(queryset: QuerySet, query: str, *, match: str = PHRASE) -> QuerySet:
    """Filter `queryset` to matches of `query`, annotated with `rank` (0..1).

    PHRASE (search box) compares the whole query with the best part of each document;
    ANY_WORD (the similar-ideas hint, fed a whole title) keeps documents matching any
    word and ranks them by the mean similarity of the words.
    """
    query = clean_query(query)
    terms = [query] if match == PHRASE else query_words(query)
    if not query or not terms:
        return queryset.annotate(rank=Value(0.0, output_field=FloatField()))
    best = ANY_WORD_BEST if match == ANY_WORD else WORD_SIMILARITY_THRESHOLD
    if _vendor(queryset) == "postgresql":
        return _search_postgresql(queryset, terms, best)
    return _search_fallback(queryset, terms, best)


def query_words(query: str) -> list[str]:
    return [word for word in _WORD.findall(query) if len(word) >= 2][:MAX_WORDS]


def _vendor(queryset: QuerySet) -> str:
    from django.db import connections

    return connections[queryset.db].vendor


def _search_postgresql(queryset: QuerySet, terms: list[str], best: float) -> QuerySet:
    from django.contrib.postgres.lookups import TrigramWordSimilar
    from django.contrib.postgres.search import TrigramWordSimilarity

    needles = [normalise(term) for term in terms]
    # `document %> needle` is served by the GIN trigram index; OR-ed, by a bitmap OR.
    condition = Q()
    for needle in needles:
        condition |= Q(TrigramWordSimilar(F("search_document"), Value(needle)))
    # The first PG_CANDIDATES matches, in the index's order, are ranked: the cost no
    # longer grows with the number of matches (see trigram_index_plans).
    candidates = queryset.filter(condition).order_by().values("pk")[:PG_CANDIDATES]
    queryset = queryset.filter(pk__in=candidates)
    similarities = [
        TrigramWordSimilarity(needle, "search_document") for needle in needles
    ]
    if len(similarities) == 1:
        # float8, so that the cursor of the next page compares exactly.
        return queryset.annotate(rank=Cast(similarities[0], FloatField()))
    total = sum(similarities[1:], start=similarities[0])
    return (
        queryset.alias(best_word=Greatest(*similarities))
        .filter(best_word__gte=best)
        .annotate(rank=Cast(total, FloatField()) / Value(float(len(similarities))))
    )


@contextmanager
def trigram_index_plans(using: str = "default") -> Iterator[None]:
    """Evaluate searches inside this block, so that PostgreSQL takes their candidates
    from the trigram index: a bitmap scan that stops after PG_CANDIDATES matches.

    PostgreSQL prices checking a row's word similarity as almost free, so for a common
    word it would rather read the table and check row after row (some 30 µs each) than
    read the index; sequential scans are switched off for the block's transaction. Set
    LOCAL ends with the transaction; inside a caller's it lasts until that one ends (it
    changes plans, never results)."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic(using=using):
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
        yield


# --- SQLite fallback -----------------------------------------------------------------


def trigrams(text: str) -> set[str]:
    """pg_trgm's trigrams: each word padded with two spaces before and one after."""
    grams: set[str] = set()
    for word in _WORD.findall(text):
        padded = f"  {word} "
        grams.update(padded[i : i + 3] for i in range(len(padded) - 2))
    return grams


def word_similarity(query: str, document: str) -> float:
    """An approximation of pg_trgm's word_similarity(query, document) on jamo."""
    wanted = trigrams(normalise(query))
    if not wanted:
        return 0.0
    return len(wanted & trigrams(normalise(document))) / len(wanted)


def _fragments(query: str) -> set[str]:
    fragments: set[str] = set()
    for word in _WORD.findall(query.lower()):
        if len(word) <= 2 or any(_is_hangul(ch) for ch in word):
            # Korean syllables carry a lot; single syllables catch misspellings.
            fragments.update(word[i : i + 2] for i in range(max(1, len(word) - 1)))
            fragments.update(ch for ch in word if _is_hangul(ch))
        else:
            fragments.update(word[i : i + 3] for i in range(len(word) - 2))
    return {fragment for fragment in fragments if fragment}


def _is_hangul(character: str) -> bool:
    return "\uac00" <= character <= "\ud7a3"


def _search_fallback(queryset: QuerySet, terms: list[str], best: float) -> QuerySet:
    condition = Q()
    for fragment in set().union(*(_fragments(term) for term in terms)):
        condition |= Q(search_document__contains=fragment)
    candidates = (
        queryset.filter(condition)
        .order_by("-created_at", "-id")
        .values_list("pk", "search_document")[:FALLBACK_CANDIDATES]
    )
    scored = []
    for pk, document in candidates:
        scores = [word_similarity(term, document) for term in terms]
        if max(scores) >= best:
            scored.append((sum(scores) / len(scores), pk))
    scored.sort(reverse=True)
    best = scored[:FALLBACK_RESULTS]
    if not best:
        return queryset.none().annotate(rank=Value(0.0, output_field=FloatField()))
    return queryset.filter(pk__in=[pk for _score, pk in best]).annotate(
        rank=Case(
            *[When(pk=pk, then=Value(score)) for score, pk in best],
            default=Value(0.0),
            output_field=FloatField(),
        )
    )

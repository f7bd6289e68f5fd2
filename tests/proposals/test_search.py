"""Korean search: particles, compounds and one-letter misspellings find the idea, ranked
by relevance; the same selector serves the list, the API and the similar-ideas hint."""

import pytest
from django.db import connection

from proposals import search, selectors
from tests.services import require

pytestmark = pytest.mark.django_db

TARGET = "자전거 도로 확충"


@pytest.fixture
def ideas(proposal_factory):
    return {
        "target": proposal_factory(
            title=TARGET, summary="한강까지 끊기지 않는 길", language="ko"
        ),
        "parking": proposal_factory(
            title="자전거 보관소 설치",
            summary="역 앞에 자전거를 세울 곳",
            language="ko",
        ),
        "cars": proposal_factory(
            title="전기 자동차 충전소", summary="아파트 단지마다 충전기", language="ko"
        ),
        "library": proposal_factory(
            title="도서관 야간 개방", summary="시험 기간에 늦게까지", language="ko"
        ),
        "english": proposal_factory(
            title="More bicycle lanes on the Han river", summary="Safer commuting"
        ),
    }


def found(query: str) -> list[int]:
    filters = selectors.ProposalFilters(q=query)
    return [p.pk for p in selectors.proposal_list(filters=filters).items]


@pytest.mark.parametrize(
    "query",
    [
        "자전거 도로 확충",  # exact
        "자전거를",  # with a particle
        "자전거도로",  # a compound
        "자전거도로를",  # a compound with a particle
        "자잔거 도로",  # one letter (jamo) misspelt
        "자전기",  # one letter misspelt
        "도로 확충",  # a part
    ],
)
def test_korean_queries_find_the_idea(ideas, query):
    assert ideas["target"].pk in found(query)


@pytest.mark.parametrize("query", ["도서관을", "bicycle", "bicyle lanes"])
def test_other_queries_find_their_ideas(ideas, query):
    expected = ideas["library"] if "도서" in query else ideas["english"]
    results = found(query)
    assert results[0] == expected.pk


def test_unrelated_ideas_are_not_found(ideas):
    assert ideas["library"].pk not in found("자전거도로")
    assert ideas["cars"].pk not in found("자전거를")
    assert found("전혀관계없는말") == []


def test_the_best_match_comes_first(ideas):
    results = found("자전거도로")
    assert results[0] == ideas["target"].pk
    assert results.index(ideas["target"].pk) < results.index(ideas["parking"].pk)


def test_search_combines_with_filters(ideas, proposal_factory):
    from oasis.core.models import District

    mapo = District.objects.get(code="mapo")
    in_mapo = proposal_factory(title="마포 자전거 도로", district=mapo)
    filters = selectors.ProposalFilters(q="자전거도로", district="mapo")
    assert [p.pk for p in selectors.proposal_list(filters=filters).items] == [
        in_mapo.pk
    ]


def test_the_list_page_the_api_and_the_hint_share_the_search(client, ideas):
    page = client.get("/proposals/", {"q": "자전거를"})
    assert ideas["target"].title in page.text
    assert ideas["library"].title not in page.text
    api = client.get("/api/v1/proposals/", {"q": "자전거도로"}).json()
    assert api["results"][0]["id"] == ideas["target"].pk
    hint = client.get("/proposals/similar/", {"title": "자전거도로를 늘려주세요"})
    assert ideas["target"] in hint.context["similar"]
    assert ideas["library"] not in hint.context["similar"]


def test_search_results_page_with_a_cursor(proposal_factory):
    for n in range(25):
        proposal_factory(title=f"자전거 도로 {n}구간")
    filters = selectors.ProposalFilters(q="자전거도로")
    first = selectors.proposal_list(filters=filters)
    second = selectors.proposal_list(filters=filters, cursor=first.next_cursor)
    ids = [p.pk for p in first.items] + [p.pk for p in second.items]
    assert len(ids) == len(set(ids)) == 25
    assert second.next_cursor is None


def test_word_similarity_fallback_approximates_pg_trgm():
    assert search.word_similarity("자전거를", TARGET) > 0.5
    assert search.word_similarity("도서관을", TARGET) < 0.3


# --- PostgreSQL ----------------------------------------------------------------------


def require_postgresql():
    require(
        "PostgreSQL",
        connection.vendor == "postgresql",
        "run with DATABASE_URL=postgres://… to test pg_trgm search",
    )


def test_postgresql_ranks_by_word_similarity(ideas):
    require_postgresql()
    queryset = search.search(selectors._listed(), "자전거도로")
    ranks = {p.pk: p.rank for p in queryset}
    assert ranks[ideas["target"].pk] > ranks[ideas["parking"].pk] >= 0.4
    assert ideas["library"].pk not in ranks


def test_postgresql_threshold_comes_from_the_connection():
    require_postgresql()
    with connection.cursor() as cursor:
        cursor.execute("SHOW pg_trgm.word_similarity_threshold")
        assert float(cursor.fetchone()[0]) == search.WORD_SIMILARITY_THRESHOLD


def test_postgresql_search_uses_the_trigram_index(ideas):
    require_postgresql()
    from proposals.models import Proposal

    # A handful of rows would be scanned; forbid the scans to see that the index
    # can serve the search condition (at 100,000 rows the planner picks it itself).
    queryset = search.search(Proposal.objects.order_by(), "자전거를")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        plan = queryset.explain()
    assert "Bitmap Index Scan on proposal_search_trgm_idx" in plan
    assert "%>" in plan


def test_postgresql_search_document_is_decomposed_into_jamo(ideas):
    require_postgresql()
    import unicodedata

    document = (
        type(ideas["target"])
        .objects.values_list("search_document", flat=True)
        .get(pk=ideas["target"].pk)
    )
    assert document == unicodedata.normalize("NFD", f"{TARGET} 한강까지 끊기지 않는 길")


def test_postgresql_database_is_utf8():
    require_postgresql()
    from proposals.checks import check_database_is_utf8

    assert check_database_is_utf8(databases=["default"]) == []


def test_postgresql_ranks_a_bounded_set_of_candidates(proposal_factory, monkeypatch):
    require_postgresql()
    matching = {proposal_factory(title=f"자전거 도로 {n}구간").pk for n in range(5)}
    matching.add(proposal_factory(title="자전거도로").pk)
    monkeypatch.setattr(search, "PG_CANDIDATES", 3)

    results = found("자전거도로")

    # Three of the six matches come from the index, ranked among themselves.
    assert len(results) == 3
    assert set(results) <= matching
    ranks = {p.pk: p.rank for p in search.search(selectors._listed(), "자전거도로")}
    assert ranks[results[0]] >= ranks[results[1]] >= ranks[results[2]]


def test_postgresql_search_pages_take_candidates_from_the_trigram_index(ideas):
    require_postgresql()
    queryset = selectors.proposal_queryset(selectors.ProposalFilters(q="자전거를"))

    with search.trigram_index_plans():
        plan = queryset.order_by("-rank", "-id")[:21].explain()

    # A bitmap scan of the index that stops at PG_CANDIDATES, never a table scan.
    assert "Bitmap Index Scan on proposal_search_trgm_idx" in plan
    assert "Limit" in plan
    assert "Seq Scan on proposals_proposal" not in plan

"""Korean search: particles, compounds and one-letter misspellings find the idea, ranked
by relevance; the same selector serves the list, the API and the similar-ideas hint."""

import pytest
from django.db import connection

from proposals import analysis, search, selectors
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
    # Matched words are marked, so the title is split by <mark>.
    assert "<mark>자전거</mark> 도로 확충" in page.text
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


def test_particles_endings_and_fillers_are_not_topic_words():
    assert analysis.stems("자전거길을 늘려 주세요") == ["자전거길"]
    assert analysis.stems("버스 정류장에 그늘막을 설치해 주세요") == [
        "버스",
        "정류장",
        "그늘막",
        "설치",
    ]
    assert analysis.stems("자전거도로를 확충합니다") == ["자전거도로", "확충"]
    # A noun whose last syllable looks like a particle keeps it.
    assert analysis.stems("도로 어린이 놀이") == ["도로", "어린이", "놀이"]
    assert analysis.stems("More bicycle lanes on the river") == [
        "bicycle",
        "lane",
        "river",
    ]


def test_a_one_jamo_slip_is_close_and_another_word_is_not():
    assert analysis.typo_similarity("자잔거", "자전거") >= search.TYPO_SIMILARITY
    assert analysis.typo_similarity("자전기", "자전거") >= search.TYPO_SIMILARITY
    assert analysis.typo_similarity("도서관", "도로") < search.TYPO_SIMILARITY


COMMON_WORD_TITLES = [
    "{place} 자전거 보관소 설치",
    "{place} 자전거 도로 정비",
    "{place} 공공 자전거 대여소 확충",
    "{place} 자전거 주차 공간",
    "{place} 자전거 도로 확충 제안",
]
PLACES = ["강남역", "홍대입구", "서울역", "잠실", "신촌", "여의도", "광화문", "노원"]


@pytest.fixture
def crowd(proposal_factory):
    """400 ideas sharing the common word 자전거, then the one a citizen looks for."""
    for n in range(400):
        title = COMMON_WORD_TITLES[n % 5].format(place=PLACES[n % 8])
        proposal_factory(title=f"{title} {n}", summary="자전거를 타는 사람들")
    target = proposal_factory(
        title="자전거 도로 확충", summary="한강까지 끊기지 않는 길", language="ko"
    )
    # Created after the target: newer ideas must not push the exact title out.
    for n in range(400, 440):
        proposal_factory(title=f"자전거 도로 확충 {n}구간", summary="자전거 도로")
    return target


def test_an_exact_title_among_400_sharing_a_common_word_is_first(client, crowd):
    assert found("자전거 도로 확충")[0] == crowd.pk
    assert found("자전거도로 확충")[0] == crowd.pk  # spacing
    assert found("자전거 도로 확충을")[0] == crowd.pk  # a particle
    page = client.get("/proposals/", {"q": "자전거 도로 확충"})
    assert page.context["page"].items[0] == crowd
    api = client.get("/api/v1/proposals/", {"q": "자전거 도로 확충"}).json()
    assert api["results"][0]["id"] == crowd.pk
    hint = client.get("/proposals/similar/", {"title": "자전거 도로 확충"})
    assert hint.context["similar"][0] == crowd


def test_api_q_gives_the_same_order_as_the_page(client, crowd):
    page = client.get("/proposals/", {"q": "자전거 보관소"})
    api = client.get("/api/v1/proposals/", {"q": "자전거 보관소"}).json()
    assert [p.pk for p in page.context["page"].items] == [
        r["id"] for r in api["results"]
    ]


def test_a_request_with_endings_suggests_the_open_bicycle_road_idea_first(
    client, ideas, proposal_factory
):
    proposal_factory(title="자전거 보관소 확충해 주세요", summary="역 앞 자전거")
    proposal_factory(title="버스 도로 늘려 주세요", summary="버스 전용 차로")
    hint = client.get("/proposals/similar/", {"title": "자전거길을 늘려 주세요"})
    assert hint.context["similar"][0] == ideas["target"]


@pytest.mark.parametrize(
    "query",
    [
        "자전거길",  # a compound with a synonym part
        "자전거 길",  # its spaced form
        "자전거도로",  # the compound of the title
        "자전거도로를 늘려주세요",  # compound, particle, request
        "자전거 도로를",
        "자전 도로",  # a partial word
        "자전기 도로",  # one jamo slip
    ],
)
def test_compounds_spacing_partial_words_and_typos_put_the_idea_first(ideas, query):
    assert found(query)[0] == ideas["target"].pk


def test_an_english_query_is_searched_in_english(ideas):
    assert found("bicycle lane")[0] == ideas["english"].pk
    assert found("bicycles")[0] == ideas["english"].pk
    assert ideas["english"].pk not in found("자전거 보관소")


FIXED_TITLES = [
    ("자전거 도로 확충", "한강까지 끊기지 않는 길"),
    ("자전거도로 정비", "낡은 자전거 길 보수"),
    ("자전거 보관소 설치", "역 앞에 자전거를 세울 곳"),
    ("버스 정류장 그늘막", "여름에 기다리기 힘들어요"),
    ("버스 노선 증설", "출근 시간 자전거 대신 버스"),
    ("주차장 확충", "주말마다 주차할 곳이 없어요"),
    ("공영 주차장 개방", "밤에는 주민에게"),
    ("More bicycle lanes", "Safer commuting by bike"),
    ("도서관 야간 개방", "시험 기간에 늦게까지"),
    ("자전거길 조명", "밤에도 안전한 자전거길"),
]
FIXED_QUERIES = [
    "자전거",
    "자전거길을 늘려 주세요",
    "주차",
    "버스 정류장",
    "bike",
    "자잔거",
]


def test_the_order_for_fixed_data_is_the_one_of_the_ranking(proposal_factory):
    """Both databases rank the same rows with the same function: the order is fixed
    by the data (this expected order is asserted on PostgreSQL and on SQLite)."""
    ids = [
        proposal_factory(title=title, summary=summary).pk
        for title, summary in FIXED_TITLES
    ]
    position = {pk: n for n, pk in enumerate(ids)}
    orders = {q: [position[pk] for pk in found(q)] for q in FIXED_QUERIES}
    assert orders == EXPECTED_ORDERS


EXPECTED_ORDERS = {
    # Exact word before compounds that contain it; ties by the newer idea.
    "자전거": [2, 0, 9, 1, 4],
    # The compound itself, its synonym compound, its spaced synonym; request words
    # count for nothing.
    "자전거길을 늘려 주세요": [9, 1, 0, 2, 4],
    "주차": [5, 6],
    "버스 정류장": [3, 4],
    "bike": [7],
    "자잔거": [9, 2, 1, 0],
}


def test_the_search_page_counts_highlights_and_shows_filter_chips(client, ideas):
    response = client.get("/proposals/", {"q": "자전거를", "stage": "open"})
    assert response.context["page"].count == 2
    assert "<mark>자전거</mark>" in response.text
    assert 'data-testid="filter-chip"' in response.text


def test_highlighting_escapes_the_text(proposal_factory, client):
    proposal_factory(title="<b>자전거</b> 도로", summary="<script>x</script>")
    response = client.get("/proposals/", {"q": "자전거"})
    assert "&lt;b&gt;<mark>자전거</mark>&lt;/b&gt;" in response.text
    assert "<script>x" not in response.text


def test_a_query_without_result_offers_a_near_spelling(client, ideas):
    response = client.get("/proposals/", {"q": "도셔곤"})  # two slips
    assert response.context["page"].items == []
    assert response.context["did_you_mean"] == "도서관"
    assert "도서관" in response.text


def test_the_index_follows_an_edit(ideas):
    from proposals.services import proposal_update

    target = ideas["target"]
    proposal_update(proposal=target, actor=target.author, title="보행자 전용 거리")
    assert target.pk not in found("자전거")
    assert found("보행자 전용 거리")[0] == target.pk


# --- PostgreSQL ----------------------------------------------------------------------


def require_postgresql():
    require(
        "PostgreSQL",
        connection.vendor == "postgresql",
        "run with DATABASE_URL=postgres://… to test the PostgreSQL search",
    )


def test_postgresql_database_is_utf8():
    require_postgresql()
    from proposals.checks import check_database_is_utf8

    assert check_database_is_utf8(databases=["default"]) == []


def test_no_closed_idea_is_offered_for_agreement(client, proposal_factory):
    import datetime as dt

    from django.utils import timezone

    from proposals.models import Stage

    rejected = proposal_factory(title="자전거 도로 확충", stage=Stage.REJECTED)
    ended = proposal_factory(
        title="자전거 도로 확충 2",
        voting_ends_at=timezone.now() - dt.timedelta(days=1),
    )
    done = proposal_factory(title="자전거 도로 확충 3", stage=Stage.COMPLETED)
    open_idea = proposal_factory(title="자전거 도로 늘리기")
    response = client.get("/proposals/similar/", {"title": "자전거 도로 확충"})
    similar = response.context["similar"]
    # The open idea first, although the closed ones match the title better.
    assert similar[0] == open_idea
    assert set(similar[1:]) == {rejected, ended, done}
    html = response.text
    offered = html[html.index('data-testid="similar-open"') :]
    offered = offered[: offered.index("</ul>")]
    assert "similar-agree" in offered
    assert open_idea.get_absolute_url() in offered
    for closed in (rejected, ended, done):
        assert closed.get_absolute_url() + '"' not in offered
    answered = html[html.index('data-testid="similar-answered"') :]
    assert "stage-rejected" in answered
    assert "stage-completed" in answered


def test_without_javascript_the_hint_follows_the_title_step(client, user, ideas):
    client.force_login(user)
    response = client.post("/proposals/new/", {"title": "자전거길을 늘려 주세요"})
    assert response.context["similar"][0] == ideas["target"]
    assert 'data-testid="similar-ideas"' in response.text


def test_postgresql_candidates_come_from_the_key_index(ideas):
    require_postgresql()
    from proposals.models import SearchKey

    queryset = (
        SearchKey.objects.filter(key="자전거", proposal__in=selectors._listed())
        .order_by("-weight", "-proposal_id")
        .values_list("proposal_id", "weight")[:100]
    )
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = queryset.explain()
    assert "search_key_weight_idx" in plan


@pytest.mark.parametrize(
    ("query", "title"),
    [
        ("산책로벤치", "산책로 벤치 추가"),  # written together, as the title spells it
        ("방범CCTV", "공원 방범 CCTV 설치"),  # Hangul and Latin written together
        ("공원에 CCTV를 설치해 주세요", "공원 방범 CCTV 설치"),  # a particle on CCTV
    ],
)
def test_compounds_written_together_find_their_idea(proposal_factory, query, title):
    target = proposal_factory(title=title, summary="밤에 안전하게")
    proposal_factory(title="공원 화단 정비", summary="꽃을 심어 주세요")
    assert found(query)[0] == target.pk

"""/stats/ at a million agreements (PostgreSQL): the page reads the aggregates, so its
query count does not grow with the votes (/stats/ stays within 12 queries)."""

import time

import pytest
from django.core.cache import cache
from django.db import connection

from oasis.core.models import District
from oasis.opendata import services
from oasis.opendata.models import DailyStat, StatSnapshot
from proposals.models import Category
from tests.services import require

pytestmark = pytest.mark.django_db

PEOPLE = 1000
IDEAS = 1000  # PEOPLE × IDEAS = 1,000,000 agreements, one per person and idea
DAYS = 300


def insert_a_million_votes() -> None:
    category = Category.objects.create(slug="scale", name_ko="규모", name_en="Scale")
    districts = list(District.objects.values_list("pk", flat=True))
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO accounts_user (password, is_superuser, email, display_name,
                preferred_language, phone_encrypted, phone_last_digits, is_staff,
                is_active, date_joined)
            SELECT '!', false, 'scale' || n || '@example.org', '', 'ko', '', '',
                false, true, now()
            FROM generate_series(1, %s) AS n
            """,
            [PEOPLE],
        )
        cursor.execute(
            """
            INSERT INTO proposals_proposal (title, summary, problem, solution, benefit,
                language, category_id, district_id, place_name, author_id, stage,
                is_hidden, hidden_reason, threshold, voting_ends_at, published_at,
                created_at, updated_at, vote_count, comment_count, follower_count,
                trending_score, search_terms, version)
            SELECT 'Idea ' || n, 'Summary', 'Problem', 'Solution', '', 'ko', %s,
                (%s::bigint[])[1 + n %% %s],
                '', (SELECT min(id) FROM accounts_user), 'in_review', false, '', 50,
                now() + interval '30 days', now() - (n %% %s) * interval '1 day',
                now(), now(), 0, 0, 0, 0, '', 1
            FROM generate_series(1, %s) AS n
            """,
            [category.pk, districts, len(districts), DAYS, IDEAS],
        )
        cursor.execute(
            """
            INSERT INTO voting_vote (proposal_id, user_id, channel, created_at)
            SELECT p.id, u.id, 'web', now() - random() * %s * interval '1 day'
            FROM proposals_proposal p CROSS JOIN accounts_user u
            WHERE p.category_id = %s AND u.email LIKE 'scale%%'
            """,
            [DAYS, category.pk],
        )
        cursor.execute(
            "UPDATE proposals_proposal SET vote_count = %s WHERE category_id = %s",
            [PEOPLE, category.pk],
        )
        cursor.execute("ANALYZE voting_vote")


def test_stats_stay_within_budget_at_a_million_votes(
    client, django_assert_max_num_queries
):
    require(
        "PostgreSQL",
        connection.vendor == "postgresql",
        "set DATABASE_URL=postgres://… to run the scale test",
    )
    insert_a_million_votes()

    started = time.monotonic()
    snapshot = services.statistics_refresh(full=True)
    rebuilt_in = time.monotonic() - started
    started = time.monotonic()
    services.statistics_refresh()
    refreshed_in = time.monotonic() - started

    assert snapshot.agreements == PEOPLE * IDEAS
    assert sum(DailyStat.objects.values_list("agreements", flat=True)) == 1_000_000
    cache.clear()  # no fragment cache: the page computes everything it shows
    with django_assert_max_num_queries(12):
        response = client.get("/stats/")
    assert response.status_code == 200
    months = response.text.split('data-testid="table-months"', 1)[1]
    months = months.split("</tbody>", 1)[0]
    shown = sum(
        int(cell.split("<", 1)[0].replace(",", ""))
        for cell in months.split('data-col="agreements">')[1:]
    )
    assert shown == 1_000_000
    assert StatSnapshot.objects.get().computed_at is not None
    # The incremental beat run reads two days of votes, not all of them.
    assert refreshed_in < rebuilt_in

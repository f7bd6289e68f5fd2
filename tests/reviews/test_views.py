"""Pages of stakeholder review: reviewers, staff, public; query budgets pinned."""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from proposals.models import Stage
from proposals.reviews.models import Assignment, Decision, ReviewRound, ScoreCorrection
from proposals.reviews.services.decisions import decision_record
from proposals.reviews.services.publishing import round_publish
from proposals.reviews.services.rounds import round_close
from tests.reviews.conftest import assignments_of, score_values, submit

pytestmark = pytest.mark.django_db

State = ReviewRound.State


def scoring_post(review_round, value=4, action="submit", **extra):
    data = {f"criterion_{pk}": v for pk, v in score_values(review_round, value).items()}
    data.update(extra)
    data[action] = "1"
    return data


def close_and_decide(review_round, ideas, staff, outcomes=("selected", "rejected")):
    round_close(review_round=review_round, actor=staff)
    for idea, outcome in zip(ideas, outcomes, strict=False):
        decision_record(
            review_round=review_round,
            proposal=idea,
            actor=staff,
            outcome=outcome,
            rationale=f"Rationale {outcome}",
            department="Parks" if outcome == "selected" else "",
            budget=3_000_000 if outcome == "selected" else None,
        )


# --- Reviewers -----------------------------------------------------------------------


def test_dashboard_lists_assignments_with_progress(
    client, panel_round, django_assert_max_num_queries
):
    review_round, ideas, _people = panel_round()
    mine = assignments_of(review_round, ideas[0])[0]
    submit(mine)
    client.force_login(mine.reviewer)
    # session, user, reviewers-group check, assignments (+ counts), notification badge
    with django_assert_max_num_queries(8):
        response = client.get(reverse("reviews:dashboard"))
    assert response.status_code == 200
    html = response.content.decode()
    assert review_round.name in html
    assert ideas[0].title in html
    assert review_round.ends_on.strftime("%Y-%m-%d") in html
    total = Assignment.objects.filter(
        reviewer=mine.reviewer, round=review_round
    ).count()
    assert f'max="{total}" value="1"' in html


def test_dashboard_hides_draft_rounds(client, panel_round):
    review_round, ideas, _people = panel_round(state=State.DRAFT)
    reviewer = assignments_of(review_round, ideas[0])[0].reviewer
    client.force_login(reviewer)
    assert (
        ideas[0].title not in client.get(reverse("reviews:dashboard")).content.decode()
    )


def test_dashboard_needs_a_login(client):
    response = client.get(reverse("reviews:dashboard"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_scoring_page_shows_the_rubric_and_saves_drafts(
    client, panel_round, django_assert_max_num_queries
):
    review_round, ideas, _people = panel_round()
    assignment = assignments_of(review_round, ideas[0])[0]
    client.force_login(assignment.reviewer)
    url = reverse("reviews:assignment-score", args=[assignment.pk])
    with django_assert_max_num_queries(12):
        response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    feasibility = review_round.criteria.get(key="feasibility")
    assert f'name="criterion_{feasibility.pk}"' in html
    assert (
        feasibility.descriptors_ko[4] in html
    )  # anchored descriptors, Korean by default
    assert html.count('type="radio"') == 30
    # a draft keeps partial scores
    response = client.post(
        url, {f"criterion_{feasibility.pk}": "2", "public_remark": "Nice", "save": "1"}
    )
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.submitted_at is None
    assert assignment.scores.get().value == 2
    html = client.get(url).content.decode()
    assert f'id="id_criterion_{feasibility.pk}_2" value="2" checked' in html
    # submitting with a gap is refused, with the message on the page
    response = client.post(url, {"submit": "1"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert 'role="alert"' in response.content.decode()
    assignment.refresh_from_db()
    assert assignment.submitted_at is None


def test_others_scores_only_after_submitting(client, panel_round):
    review_round, ideas, _people = panel_round()
    first, second, _third = assignments_of(review_round, ideas[0])
    submit(second, 1, equity=5)
    client.force_login(first.reviewer)
    url = reverse("reviews:assignment-score", args=[first.pk])
    before = client.get(url)
    assert before.context["show_others"] is False
    assert before.context["others"] == []
    assert 'data-testid="other-reviews"' in before.content.decode()
    response = client.post(url, scoring_post(review_round, 3))
    assert response.status_code == 302
    after = client.get(url)
    assert after.context["show_others"] is True
    (other,) = after.context["others"]
    equity = review_round.criteria.get(key="equity")
    assert other.scores[equity.pk] == 5
    # the other reviewer appears by number and group, never by name
    assert second.reviewer.public_name not in after.content.decode()


def test_scoring_after_close_is_refused(client, staff_user, panel_round):
    review_round, ideas, _people = panel_round()
    assignment = assignments_of(review_round, ideas[0])[0]
    round_close(review_round=review_round, actor=staff_user)
    client.force_login(assignment.reviewer)
    url = reverse("reviews:assignment-score", args=[assignment.pk])
    assert client.get(url).status_code == 200  # still readable
    assert client.post(url, scoring_post(review_round)).status_code == 403


def test_declaring_a_conflict_then_403(client, panel_round):
    review_round, ideas, _people = panel_round()
    assignment = assignments_of(review_round, ideas[0])[0]
    client.force_login(assignment.reviewer)
    conflict_url = reverse("reviews:assignment-conflict", args=[assignment.pk])
    assert client.get(conflict_url).status_code == 200
    response = client.post(conflict_url, {"reason": "My cousin proposed it."})
    assert response.status_code == 302
    assert (
        client.get(
            reverse("reviews:assignment-score", args=[assignment.pk])
        ).status_code
        == 403
    )
    assert client.get(conflict_url).status_code == 403


# --- Staff ---------------------------------------------------------------------------


def test_staff_run_a_round_through_the_pages(
    client, staff_user, in_review_proposal_factory, reviewer_factory
):
    client.force_login(staff_user)
    response = client.post(
        reverse("reviews:round-create"),
        {
            "name": "Autumn",
            "description": "",
            "starts_on": "2026-09-01",
            "ends_on": "2026-09-30",
            "is_blind": "on",
            "budget_cap": "5000000",
            "reviewers_per_proposal": "3",
        },
    )
    review_round = ReviewRound.objects.get(name="Autumn")
    assert response.status_code == 302
    assert review_round.criteria.count() == 6
    ideas = [in_review_proposal_factory() for _ in range(2)]
    detail = client.get(review_round.get_absolute_url())
    assert ideas[0].title in detail.content.decode()  # offered as a candidate
    client.post(
        reverse("reviews:round-add-proposals", args=[review_round.pk]),
        {"proposals": [i.pk for i in ideas]},
    )
    assert review_round.entries.count() == 2
    for group in ["official", "expert", "citizen"]:
        person = reviewer_factory()
        client.post(
            reverse("reviews:round-add-reviewer", args=[review_round.pk]),
            {"reviewer": person.pk, "group": group},
        )
    assert review_round.panel.count() == 3
    client.post(reverse("reviews:round-assign", args=[review_round.pk]))
    assert review_round.assignments.count() == 6
    client.post(reverse("reviews:round-open", args=[review_round.pk]))
    review_round.refresh_from_db()
    assert review_round.state == State.OPEN
    for assignment in review_round.assignments.select_related("round", "reviewer"):
        submit(assignment, 5 if assignment.proposal_id == ideas[0].pk else 2)
    client.post(reverse("reviews:round-close", args=[review_round.pk]))
    review_round.refresh_from_db()
    assert review_round.state == State.CLOSED
    for idea, outcome in zip(ideas, ["selected", "rejected"], strict=True):
        response = client.post(
            reverse("reviews:decision-edit", args=[review_round.pk, idea.pk]),
            {
                "outcome": outcome,
                "rationale": f"Why {outcome}",
                "department": "Parks" if outcome == "selected" else "",
                "budget": "1000000",
                "cost_estimate": "4000000",
            },
        )
        assert response.status_code == 302
    review_round.refresh_from_db()
    assert review_round.state == State.DECIDED
    client.post(reverse("reviews:round-publish", args=[review_round.pk]))
    ideas[0].refresh_from_db()
    assert ideas[0].stage == Stage.SELECTED
    page = client.get(ideas[0].get_absolute_url()).content.decode()
    assert "Why selected" in page


def test_decision_form_requires_a_department_for_selected(
    client, staff_user, panel_round
):
    review_round, ideas, _people = panel_round()
    round_close(review_round=review_round, actor=staff_user)
    client.force_login(staff_user)
    response = client.post(
        reverse("reviews:decision-edit", args=[review_round.pk, ideas[0].pk]),
        {"outcome": "selected", "rationale": "Good", "department": ""},
    )
    assert response.status_code == 200
    assert not Decision.objects.exists()


def test_ranking_applies_the_budget_cap(
    client, staff_user, panel_round, django_assert_max_num_queries
):
    review_round, ideas, _people = panel_round(proposals=3)
    review_round.budget_cap = 10_000_000
    review_round.save(update_fields=["budget_cap"])
    scores = {ideas[0].pk: 5, ideas[1].pk: 4, ideas[2].pk: 2}
    for assignment in review_round.assignments.select_related("round", "reviewer"):
        submit(assignment, scores[assignment.proposal_id])
    costs = {ideas[0].pk: 6_000_000, ideas[1].pk: 5_000_000, ideas[2].pk: 3_000_000}
    for entry in review_round.entries.all():
        entry.cost_estimate = costs[entry.proposal_id]
        entry.save()
    client.force_login(staff_user)
    # session, user, round, criteria, assignments, scores, entries, decisions, badge
    with django_assert_max_num_queries(12):
        response = client.get(
            reverse("reviews:round-ranking", args=[review_round.pk]),
            HTTP_ACCEPT_LANGUAGE="en",
        )
    rows = response.context["results"].rows
    assert [row.entry.proposal_id for row in rows] == [i.pk for i in ideas]
    # 6M fits, 5M would make 11M > 10M, 3M still fits (9M)
    assert [row.fits_cap for row in rows] == [True, False, True]
    assert rows[2].cumulative_cost == 9_000_000
    html = response.content.decode()
    assert html.count("over the cap") == 1


def test_staff_export_has_raw_and_normalised_scores(client, staff_user, panel_round):
    review_round, _ideas, _people = panel_round()
    for assignment in review_round.assignments.select_related("round", "reviewer"):
        submit(assignment, 4)
    client.force_login(staff_user)
    response = client.get(reverse("reviews:round-export", args=[review_round.pk]))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header = rows[0]
    assert {"weighted_raw", "weighted_normalised", "reviewer", "score_equity"} <= set(
        header
    )
    assert len(rows) == 1 + review_round.assignments.count()


def test_public_export_only_when_published_and_without_reviewers(
    client, staff_user, panel_round
):
    review_round, ideas, people = panel_round()
    for assignment in review_round.assignments.select_related("round", "reviewer"):
        submit(assignment, 3)
    url = reverse("reviews:round-public-export", args=[review_round.pk])
    assert client.get(url).status_code == 404
    close_and_decide(review_round, ideas, staff_user)
    round_publish(review_round=review_round, actor=staff_user)
    content = client.get(url).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content)))
    assert rows[0][:3] == ["rank", "proposal_id", "proposal_title"]
    assert len(rows) == 3
    assert "reviewer" not in rows[0]
    for person in people:
        assert person.public_name not in content
        assert person.email not in content
    assert {r[rows[0].index("decision")] for r in rows[1:]} == {"selected", "rejected"}


def test_csv_cells_cannot_run_formulas(client, staff_user, panel_round):
    review_round, ideas, _people = panel_round()
    ideas[0].title = "=HYPERLINK(evil)"
    ideas[0].save()
    client.force_login(staff_user)
    for assignment in review_round.assignments.select_related("round", "reviewer"):
        submit(assignment, 3)
    content = client.get(
        reverse("reviews:round-export", args=[review_round.pk])
    ).content.decode("utf-8-sig")
    assert "'=HYPERLINK(evil)" in content


def test_score_correction_page(client, staff_user, panel_round):
    review_round, ideas, _people = panel_round()
    assignment = assignments_of(review_round, ideas[0])[0]
    submit(assignment, 2)
    round_close(review_round=review_round, actor=staff_user)
    score = assignment.scores.first()
    client.force_login(staff_user)
    url = reverse("reviews:score-correct", args=[review_round.pk, score.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"value": "3", "reason": "Wrong row"})
    assert response.status_code == 302
    assert ScoreCorrection.objects.get(score=score).old_value == 2


def test_staff_index_lists_overdue_answers(
    client, staff_user, in_review_proposal_factory
):
    late = in_review_proposal_factory(
        in_review_at=timezone.now() - dt.timedelta(days=40)
    )
    fresh = in_review_proposal_factory()
    client.force_login(staff_user)
    html = client.get(reverse("reviews:staff-index")).content.decode()
    assert late.title in html
    assert fresh.title not in html


# --- Implementation and public pages -------------------------------------------------

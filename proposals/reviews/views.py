"""Thin views of stakeholder review: parse, check the rule, call one service or selector."""

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from oasis.core.csv import csv_response
from oasis.core.errors import DomainError
from oasis.core.views import (
    raise_if_forbidden,
    refuse_with_message,
    require_perm,
    rule_required,
)
from proposals.reviews import exports, selectors
from proposals.reviews.forms import (
    AddProposalsForm,
    AddReviewerForm,
    ConflictForm,
    CostEstimatesForm,
    DecisionForm,
    RoundForm,
    ScoreCorrectionForm,
    ScoreForm,
)
from proposals.reviews.models import ReviewRound, Score
from proposals.reviews.services import (
    assignments,
    conflicts,
    costs,
    decisions,
    publishing,
    rounds,
    scoring,
)

# Staff pages: sign in first, then 403 for anyone who does not run rounds.
staff_required = rule_required("reviews.manage_round")


def _assignment_or_404(pk: int):
    assignment = selectors.assignment_for_review(pk)
    if assignment is None:
        raise Http404
    return assignment


# --- Reviewers -----------------------------------------------------------------------


@login_required
@require_safe
def dashboard(request):
    require_perm(request, "reviews.view_dashboard")
    rounds = selectors.reviewer_dashboard(request.user)
    return render(
        request,
        "reviews/dashboard.html",
        {"rounds": rounds, "today": timezone.localdate()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def assignment_score(request, pk: int):
    assignment = _assignment_or_404(pk)
    require_perm(request, "reviews.view_assignment", assignment)
    criteria = selectors.round_criteria(assignment.round)
    can_score = rules.has_perm("reviews.score_assignment", request.user, assignment)
    scores = {s.criterion_id: s.value for s in assignment.scores.all()}
    initial = {
        ScoreForm.field_name(c): scores[c.pk] for c in criteria if c.pk in scores
    } | {
        "comment_to_staff": assignment.comment_to_staff,
        "public_remark": assignment.public_remark,
    }
    form = ScoreForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        criteria=criteria,
    )
    if request.method == "POST":
        if not can_score:
            raise PermissionDenied
        submit = "submit" in request.POST
        if form.is_valid():
            try:
                scoring.assignment_save(
                    assignment=assignment,
                    actor=request.user,
                    values=form.values(),
                    comment_to_staff=form.cleaned_data["comment_to_staff"],
                    public_remark=form.cleaned_data["public_remark"],
                    submit=submit,
                )
            except DomainError as error:
                raise_if_forbidden(error)
                form.add_error(None, str(error.message))
            else:
                if submit:
                    messages.success(
                        request,
                        _(
                            "Your review is submitted. You can now see the other reviews."
                        ),
                    )
                else:
                    messages.success(request, _("Your draft is saved."))
                return redirect(assignment)
    show_others = rules.has_perm("reviews.view_other_scores", request.user, assignment)
    others = selectors.other_reviews(assignment, criteria) if show_others else []
    return render(
        request,
        "reviews/assignment_score.html",
        {
            "assignment": assignment,
            "round": assignment.round,
            "proposal": assignment.proposal,
            "show_author": not assignment.round.is_blind,
            "criteria": criteria,
            "form": form,
            "can_score": can_score,
            "scores": scores,
            "show_others": show_others,
            "others": others,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def assignment_conflict(request, pk: int):
    assignment = _assignment_or_404(pk)
    require_perm(request, "reviews.declare_conflict", assignment)
    form = ConflictForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            conflicts.conflict_declare(
                assignment=assignment,
                reviewer=request.user,
                reason=form.cleaned_data["reason"],
            )
        except DomainError as error:
            refuse_with_message(request, error)
        else:
            messages.success(
                request,
                _(
                    "Your conflict of interest is recorded. The idea goes to another "
                    "reviewer and any scores you gave it no longer count."
                ),
            )
            return redirect("reviews:dashboard")
    return render(
        request,
        "reviews/conflict_form.html",
        {
            "assignment": assignment,
            "proposal": assignment.proposal,
            "form": form,
        },
    )


# --- Staff: rounds -------------------------------------------------------------------


OVERDUE_PER_PAGE = 25


@staff_required
@require_safe
def staff_index(request):
    overdue = Paginator(selectors.overdue_answers(), OVERDUE_PER_PAGE)
    return render(
        request,
        "reviews/staff/index.html",
        {
            "rounds": selectors.round_list(),
            "overdue": overdue.get_page(request.GET.get("page")),
        },
    )


@staff_required
@require_http_methods(["GET", "POST"])
def round_create(request):
    form = RoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            review_round = rounds.round_create(actor=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, str(error.message))
        else:
            messages.success(
                request, _("The round is created with the default rubric.")
            )
            return redirect(review_round)
    return render(request, "reviews/staff/round_form.html", {"form": form})


def _round_or_404(pk: int) -> ReviewRound:
    return get_object_or_404(ReviewRound, pk=pk)


@staff_required
@require_safe
def round_detail(request, pk: int):
    review_round = _round_or_404(pk)
    return render(
        request,
        "reviews/staff/round_detail.html",
        {
            "round": review_round,
            "criteria": review_round.criteria.all(),
            "entries": selectors.round_entries(review_round),
            "panel": selectors.round_panel(review_round),
            "proposals_form": AddProposalsForm(
                candidates=selectors.round_candidates(review_round)
            ),
            "reviewer_form": AddReviewerForm(
                candidates=selectors.round_reviewer_candidates(review_round)
            ),
            "assignments": selectors.round_assignments(review_round),
        },
    )


@staff_required
@require_POST
def round_add_proposals(request, pk: int):
    review_round = _round_or_404(pk)
    form = AddProposalsForm(
        request.POST, candidates=selectors.round_candidates(review_round)
    )
    if not form.is_valid():
        messages.error(request, _("Choose at least one idea."))
    else:
        try:
            added = rounds.round_add_proposals(
                review_round=review_round,
                proposals=form.cleaned_data["proposals"],
                actor=request.user,
            )
        except DomainError as error:
            refuse_with_message(request, error)
        else:
            messages.success(
                request, _("%(count)d ideas added.") % {"count": len(added)}
            )
    return redirect(review_round)


@staff_required
@require_POST
def round_add_reviewer(request, pk: int):
    review_round = _round_or_404(pk)
    form = AddReviewerForm(
        request.POST, candidates=selectors.round_reviewer_candidates(review_round)
    )
    if not form.is_valid():
        messages.error(request, _("Choose a reviewer."))
    else:
        try:
            rounds.round_add_reviewer(
                review_round=review_round,
                reviewer=form.cleaned_data["reviewer"],
                group=form.cleaned_data["group"] or None,
                actor=request.user,
            )
        except DomainError as error:
            refuse_with_message(request, error)
        else:
            messages.success(request, _("The reviewer is on the panel."))
    return redirect(review_round)


@staff_required
@require_POST
def round_assign(request, pk: int):
    review_round = _round_or_404(pk)
    try:
        created, shortfall = assignments.round_assign(
            review_round=review_round, actor=request.user
        )
    except DomainError as error:
        refuse_with_message(request, error)
    else:
        messages.success(
            request, _("%(count)d assignments made.") % {"count": len(created)}
        )
        if shortfall:
            messages.warning(
                request,
                _(
                    "%(count)d ideas still lack reviewers: add reviewers to the panel "
                    "and assign again."
                )
                % {"count": len(shortfall)},
            )
    return redirect(review_round)


ROUND_ACTIONS = {
    "open": (
        rounds.round_open,
        gettext_lazy("The round is open: reviewers are notified."),
    ),
    "close": (
        rounds.round_close,
        gettext_lazy("The round is closed: scores are frozen."),
    ),
    "publish": (
        publishing.round_publish,
        gettext_lazy("The answers are published and everyone concerned is notified."),
    ),
}
# Actions that cannot be undone get a confirmation page (GET) summarising what happens.
ROUND_PREVIEWS = {
    "close": selectors.round_close_preview,
    "publish": selectors.round_publish_preview,
}


def _warn_over_cap(request, budget: selectors.BudgetSummary) -> None:
    if budget.over_cap:
        messages.warning(
            request,
            _(
                "The selected ideas cost %(total)s won, %(excess)s won over the "
                "round's budget cap of %(cap)s won."
            )
            % {
                "total": intcomma(budget.selected_total),
                "excess": intcomma(budget.excess),
                "cap": intcomma(budget.cap),
            },
        )


@staff_required
@require_http_methods(["GET", "POST"])
def round_action(request, pk: int, action: str):
    review_round = _round_or_404(pk)
    if action not in ROUND_ACTIONS:
        raise Http404
    if request.method == "GET":
        if action not in ROUND_PREVIEWS:
            return HttpResponseNotAllowed(["POST"])
        return render(
            request,
            "reviews/staff/round_confirm.html",
            {
                "round": review_round,
                "action": action,
                "preview": ROUND_PREVIEWS[action](review_round),
            },
        )
    service, success = ROUND_ACTIONS[action]
    try:
        service(review_round=review_round, actor=request.user)
    except DomainError as error:
        refuse_with_message(request, error)
    else:
        messages.success(request, success)
    return redirect(review_round)


@staff_required
@require_http_methods(["GET", "POST"])
def round_ranking(request, pk: int):
    """The ranking with the budget cap; staff edit the cost estimates here (POST)."""
    review_round = _round_or_404(pk)
    cost_form = None
    if request.method == "POST":
        cost_form = CostEstimatesForm(
            request.POST, entries=selectors.round_cost_entries(review_round)
        )
        if cost_form.is_valid():
            try:
                changed = costs.round_cost_estimates_set(
                    review_round=review_round,
                    estimates=cost_form.estimates(),
                    actor=request.user,
                )
            except DomainError as error:
                refuse_with_message(request, error)
            else:
                messages.success(
                    request,
                    ngettext(
                        "%(count)d cost estimate changed.",
                        "%(count)d cost estimates changed.",
                        len(changed),
                    )
                    % {"count": len(changed)},
                )
                _warn_over_cap(request, selectors.round_budget(review_round))
            return redirect("reviews:round-ranking", pk=review_round.pk)
    results = selectors.round_results(review_round)
    if cost_form is None and review_round.accepts_cost_estimates:
        cost_form = CostEstimatesForm(entries=[row.entry for row in results.rows])
    return render(
        request,
        "reviews/staff/ranking.html",
        {
            "round": review_round,
            "results": results,
            "cost_form": cost_form,
            "cost_fields": cost_form.bound_fields() if cost_form else {},
        },
    )


@staff_required
@require_http_methods(["GET", "POST"])
def decision_edit(request, pk: int, proposal_id: int):
    review_round = _round_or_404(pk)
    entry = get_object_or_404(
        review_round.entries.select_related("proposal"), proposal_id=proposal_id
    )
    decision = review_round.decisions.filter(proposal_id=proposal_id).first()
    initial: dict[str, object] = {"cost_estimate": entry.cost_estimate}
    if decision:
        initial |= {
            "outcome": decision.outcome,
            "rationale": decision.rationale,
            "department": decision.department,
            "budget": decision.budget,
        }
    form = DecisionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            decisions.decision_record(
                review_round=review_round,
                proposal=entry.proposal,
                actor=request.user,
                **form.cleaned_data,
            )
        except DomainError as error:
            raise_if_forbidden(error)
            form.add_error(None, str(error.message))
        else:
            messages.success(request, _("The decision is saved (not public yet)."))
            _warn_over_cap(request, selectors.round_budget(review_round))
            return redirect("reviews:round-ranking", pk=review_round.pk)
    return render(
        request,
        "reviews/staff/decision_form.html",
        {
            "round": review_round,
            "proposal": entry.proposal,
            "show_author": not review_round.is_blind,
            "form": form,
            "decision": decision,
        },
    )


@staff_required
@require_http_methods(["GET", "POST"])
def score_correct(request, pk: int, score_id: int):
    review_round = _round_or_404(pk)
    score = get_object_or_404(
        Score.objects.select_related(
            "criterion", "assignment__reviewer", "assignment__proposal"
        ),
        pk=score_id,
        assignment__round=review_round,
    )
    form = ScoreCorrectionForm(request.POST or None, initial={"value": score.value})
    if request.method == "POST" and form.is_valid():
        try:
            scoring.score_correct(
                score=score,
                value=form.cleaned_data["value"],
                reason=form.cleaned_data["reason"],
                actor=request.user,
            )
        except DomainError as error:
            raise_if_forbidden(error)
            form.add_error(None, str(error.message))
        else:
            messages.success(
                request, _("The score is corrected; the old value is kept.")
            )
            return redirect(review_round)
    return render(
        request,
        "reviews/staff/score_correct.html",
        {
            "round": review_round,
            "score": score,
            "corrections": score.corrections.all(),
            "form": form,
        },
    )


@staff_required
@require_safe
def round_export(request, pk: int):
    review_round = _round_or_404(pk)
    return csv_response(
        exports.staff_rows(selectors.round_results(review_round)),
        filename=f"round-{review_round.pk}-results-staff.csv",
    )


@require_safe
def round_public_export(request, pk: int):
    """The public results of a published round, without reviewer identities."""
    review_round = selectors.published_round(pk)
    if review_round is None:
        raise Http404
    return csv_response(
        exports.public_rows(selectors.round_results(review_round)),
        filename=f"round-{review_round.pk}-results.csv",
    )

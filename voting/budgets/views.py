"""Web views of participatory budgeting: the public list, ballot and results, and the
staff screens. The ballot is a plain form; htmx only refreshes the meter."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from oasis.core.csv import streaming_csv_response
from oasis.core.errors import DomainError
from oasis.core.tasks import enqueue
from oasis.core.views import rule_required
from voting.budgets import selectors, services
from voting.budgets.forms import AddProjectsForm, CostForm, RoundForm
from voting.budgets.models import BallotChannel, BudgetProject, BudgetRound
from voting.budgets.tasks import count_round
from voting.predicates import user_is_verified_voter

MANAGE = "budgets.change_budgetround"


def _round_or_404(pk: int) -> BudgetRound:
    try:
        return selectors.round_detail(pk)
    except BudgetRound.DoesNotExist:
        raise Http404 from None


@require_GET
def round_list(request):
    return render(
        request, "budgets/round_list.html", {"rounds": selectors.round_list()}
    )


def _ballot_context(request, budget_round: BudgetRound, chosen: set[int], **extra):
    meter = selectors.ballot_meter(budget_round=budget_round, project_ids=chosen)
    return {
        "round": budget_round,
        "needs_verification": request.user.is_authenticated
        and not user_is_verified_voter(request.user),
        "chosen": chosen,
        "meter": meter,
        "ballot": extra.pop("ballot", None),
        **extra,
    }


@require_http_methods(["GET", "POST"])
def round_detail(request, pk: int):
    budget_round = _round_or_404(pk)
    ballot = selectors.voter_ballot(budget_round=budget_round, user=request.user)
    chosen = ballot.chosen_ids if ballot else set()
    status = 200
    error = None
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(budget_round.get_absolute_url())
        wanted = request.POST.getlist("projects")
        try:
            services.ballot_cast(
                budget_round=budget_round,
                voter=request.user,
                project_ids=wanted,
                channel=BallotChannel.WEB,
            )
        except DomainError as refusal:
            error = refusal.message
            status = refusal.status
            chosen = {int(v) for v in wanted if str(v).isdigit()}
        else:
            messages.success(request, _("Your ballot is cast."))
            return redirect(budget_round.get_absolute_url() + "#receipt")
    context = _ballot_context(request, budget_round, chosen, ballot=ballot, error=error)
    return render(request, "budgets/round_detail.html", context, status=status)


@require_GET
def ballot_meter(request, pk: int):
    """The meter for the boxes ticked so far (an htmx fragment, or the whole page)."""
    budget_round = _round_or_404(pk)
    chosen = {int(v) for v in request.GET.getlist("projects") if str(v).isdigit()}
    context = _ballot_context(request, budget_round, chosen)
    if request.htmx:
        return render(request, "budgets/round_detail.html#meter", context)
    context["ballot"] = selectors.voter_ballot(
        budget_round=budget_round, user=request.user
    )
    return render(request, "budgets/round_detail.html", context)


@require_GET
def round_results(request, pk: int):
    budget_round = _round_or_404(pk)
    if not budget_round.results_published:
        raise Http404
    results = selectors.round_results(budget_round)
    return render(
        request,
        "budgets/round_results.html",
        {
            "round": budget_round,
            "results": results,
            "chart": {
                "width": selectors.CHART_WIDTH,
                "plot_left": selectors.PLOT_LEFT,
                "bar_height": selectors.BAR_HEIGHT - 6,
            },
            "channel_chart_height": selectors.BAR_HEIGHT
            * max(1, len(results.by_channel)),
            "district_chart_height": selectors.BAR_HEIGHT
            * max(1, len(results.by_district)),
        },
    )


@require_GET
def receipts_export(request, pk: int):
    """Every cast ballot by its receipt code and chosen projects, without voters."""
    budget_round = get_object_or_404(BudgetRound, pk=pk)
    if not budget_round.results_published:
        raise Http404
    rows = (
        [receipt, " ".join(str(pk) for pk in projects)]
        for receipt, projects in selectors.round_receipts(budget_round)
    )
    return streaming_csv_response(
        [["receipt", "projects"], *rows],
        filename=f"budget-{budget_round.pk}-ballots.csv",
    )


# Staff screens


@rule_required(MANAGE)
@require_http_methods(["GET", "POST"])
def staff_round_list(request):
    form = RoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            budget_round = services.round_create(
                actor=request.user, **form.cleaned_data
            )
        except DomainError as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("The round is created."))
            return redirect("budgets:staff-round-detail", budget_round.pk)
    return render(
        request,
        "budgets/staff/round_list.html",
        {"rounds": selectors.round_list(), "form": form},
        status=400 if form.errors else 200,
    )


@rule_required(MANAGE)
@require_GET
def staff_round_detail(request, pk: int):
    budget_round = _round_or_404(pk)
    return render(
        request,
        "budgets/staff/round_detail.html",
        {
            "round": budget_round,
            "add_form": AddProjectsForm(budget_round=budget_round),
            "next_phase": services.next_phase(budget_round),
            "next_phase_labels": services.PHASE_ACTION_LABELS,
            "can_count": budget_round.phase in services.COUNTABLE_PHASES,
            "editable": budget_round.phase in services.EDITABLE_PHASES,
            "results": selectors.round_results(budget_round)
            if budget_round.counted_at
            else None,
        },
    )


def _back(pk: int):
    return redirect("budgets:staff-round-detail", pk)


@rule_required(MANAGE)
@require_POST
def staff_projects_add(request, pk: int):
    budget_round = get_object_or_404(BudgetRound, pk=pk)
    form = AddProjectsForm(request.POST, budget_round=budget_round)
    if not form.is_valid():
        messages.error(request, _("Choose at least one selected idea."))
        return _back(pk)
    try:
        added = services.round_add_projects(
            budget_round=budget_round,
            proposals=form.cleaned_data["proposals"],
            actor=request.user,
        )
    except DomainError as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(
            request, _("%(n)s project(s) added to the ballot.") % {"n": len(added)}
        )
    return _back(pk)


@rule_required(MANAGE)
@require_POST
def staff_project_cost(request, pk: int):
    project = get_object_or_404(BudgetProject, pk=pk)
    form = CostForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the new cost and the reason for it."))
        return _back(project.round_id)
    try:
        services.project_cost_adjust(
            project=project,
            cost=form.cleaned_data["cost"],
            reason=form.cleaned_data["reason"],
            actor=request.user,
        )
    except DomainError as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("The cost is changed."))
    return _back(project.round_id)


@rule_required(MANAGE)
@require_POST
def staff_round_phase(request, pk: int):
    budget_round = get_object_or_404(BudgetRound, pk=pk)
    try:
        services.round_phase_advance(
            budget_round=budget_round, to=request.POST.get("to", ""), actor=request.user
        )
    except (DomainError, ValueError) as refusal:
        messages.error(request, getattr(refusal, "message", _("Unknown phase.")))
    else:
        messages.success(request, _("The round moved to its next phase."))
    return _back(pk)


@rule_required(MANAGE)
@require_POST
def staff_round_count(request, pk: int) -> HttpResponse:
    budget_round = get_object_or_404(BudgetRound, pk=pk)
    if budget_round.phase not in services.COUNTABLE_PHASES:
        messages.error(request, _("Ballots are counted once balloting has closed."))
        return _back(pk)
    enqueue(count_round, budget_round.pk, request.user.pk)
    messages.success(
        request, _("Counting has started; reload this page to see the results.")
    )
    return _back(pk)

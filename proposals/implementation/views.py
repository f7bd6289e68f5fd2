"""Thin views of answers and implementation: parse, check the rule, call one service or
selector."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Page, Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from oasis.core.db_routers import public_reads
from oasis.core.errors import DomainError
from oasis.core.views import (
    raise_if_forbidden,
    refuse_with_message,
    require_perm,
    rule_required,
)
from proposals.implementation import selectors, services
from proposals.implementation.forms import (
    AssessmentForm,
    ImplementationUpdateForm,
    InterimAnswerForm,
    MilestoneForm,
)
from proposals.implementation.models import Milestone
from proposals.models import Proposal

PROJECTS_PER_PAGE = 20


# Staff pages: sign in first, then 403 for anyone who does not keep the track.
staff_required = rule_required("implementation.change_proposaltrack")


# --- Staff ---------------------------------------------------------------------------


def _proposal_or_404(pk: int) -> Proposal:
    proposal = selectors.proposal_for_staff(pk)
    if proposal is None:
        raise Http404
    return proposal


@staff_required
@require_http_methods(["GET", "POST"])
def interim_answer(request, proposal_id: int):
    proposal = _proposal_or_404(proposal_id)
    form = InterimAnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.interim_answer_publish(
                proposal=proposal, text=form.cleaned_data["text"], actor=request.user
            )
        except DomainError as error:
            raise_if_forbidden(error)
            form.add_error(None, str(error.message))
        else:
            messages.success(request, _("The interim answer is published."))
            return redirect(proposal)
    return render(
        request,
        "implementation/staff/interim_form.html",
        {"proposal": proposal, "form": form},
    )


@staff_required
@require_http_methods(["GET", "POST"])
def implementation(request, proposal_id: int):
    proposal = _proposal_or_404(proposal_id)
    update_form = ImplementationUpdateForm(
        request.POST if "post_update" in request.POST else None,
        request.FILES if "post_update" in request.POST else None,
        proposal=proposal,
    )
    milestone_form = MilestoneForm(
        request.POST if "add_milestone" in request.POST else None
    )
    if request.method == "POST":
        if "post_update" in request.POST and update_form.is_valid():
            data = update_form.cleaned_data
            try:
                services.implementation_update_post(
                    proposal=proposal,
                    actor=request.user,
                    text=data["text"],
                    progress=data["progress"],
                    budget_spent=data["budget_spent"],
                    move_to=data["move_to"] or None,
                    photos=update_form.photos(),
                )
            except DomainError as error:
                raise_if_forbidden(error)
                update_form.add_error(None, str(error.message))
            else:
                messages.success(request, _("The update is published."))
                return redirect("implementation:progress-edit", proposal_id=proposal.pk)
        elif "add_milestone" in request.POST and milestone_form.is_valid():
            try:
                services.milestone_save(
                    proposal=proposal, actor=request.user, **milestone_form.cleaned_data
                )
            except DomainError as error:
                refuse_with_message(request, error)
            else:
                messages.success(request, _("The milestone is saved."))
                return redirect("implementation:progress-edit", proposal_id=proposal.pk)
        elif "milestone_done" in request.POST:
            milestone = get_object_or_404(
                Milestone, pk=request.POST.get("milestone_done"), proposal=proposal
            )
            try:
                services.milestone_save(
                    proposal=proposal,
                    actor=request.user,
                    milestone=milestone,
                    title=milestone.title,
                    due_on=milestone.due_on,
                    done_on=timezone.localdate(),
                )
            except DomainError as error:
                refuse_with_message(request, error)
            else:
                messages.success(request, _("The milestone is marked as reached."))
            return redirect("implementation:progress-edit", proposal_id=proposal.pk)
    return render(
        request,
        "implementation/staff/progress_form.html",
        {
            "proposal": proposal,
            "update_form": update_form,
            "milestone_form": milestone_form,
            "milestones": proposal.milestones.all(),
            "updates": proposal.implementation_updates.all()[:20],
        },
    )


# --- Public --------------------------------------------------------------------------


@require_safe
def implemented(request):
    # Read here, rendered below: the page's header shows the visitor's own state,
    # which must come from the primary.
    with public_reads():
        ongoing, completed = selectors.implemented_projects()
        context = {
            # Two lists, two page parameters: ?page= (under way), ?completed= (done).
            "page_obj": _read_page(ongoing, request.GET.get("page")),
            "completed": _read_page(completed, request.GET.get("completed")),
            "published_rounds": selectors.published_rounds(),
        }
    return render(request, "implementation/implemented.html", context)


def _read_page(queryset, number) -> Page:
    page = Paginator(queryset, PROJECTS_PER_PAGE).get_page(number)
    page.object_list = list(page.object_list)
    return page


@login_required
@require_POST
def assessment_submit(request, proposal_id: int):
    proposal = get_object_or_404(Proposal, pk=proposal_id)
    require_perm(request, "implementation.add_assessment", proposal)
    form = AssessmentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a rating from 1 to 5."))
        return redirect(proposal)
    try:
        services.assessment_submit(
            proposal=proposal,
            user=request.user,
            rating=form.cleaned_data["rating"],
            comment=form.cleaned_data["comment"],
        )
    except DomainError as error:
        refuse_with_message(request, error)
    else:
        messages.success(request, _("Thank you: your rating is recorded."))
    return redirect(proposal)

"""Web views of the agreement area: htmx fragments, with plain POST forms and redirects
when JavaScript is off."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from oasis.core.csv import streaming_csv_response
from oasis.core.errors import DomainError, RateLimited
from oasis.core.throttle import rate_limit
from oasis.core.views import require_perm
from proposals.models import Proposal, Stage
from voting import selectors, services
from voting.forms import AdvanceForm
from voting.models import Channel

STATUS_PARTIAL = "voting/_agreement.html#status"


def _detail_url(proposal: Proposal) -> str:
    return proposal.get_absolute_url() + "#agreement"


def _public_proposal(pk: int) -> Proposal:
    return get_object_or_404(Proposal.objects.exclude(stage=Stage.DRAFT), pk=pk)


def _visible_proposal(pk: int) -> Proposal:
    """An idea the public may see; hidden and draft ideas do not exist here."""
    return get_object_or_404(Proposal.objects.public(), pk=pk)


def _login_redirect(request, proposal_pk: int) -> HttpResponse:
    next_url = Proposal(pk=proposal_pk).get_absolute_url()
    if request.htmx:
        response = HttpResponse(status=204)
        response["HX-Redirect"] = redirect_to_login(next_url).url
        return response
    return redirect_to_login(next_url)


def _answer(
    request,
    proposal: Proposal,
    *,
    message: str,
    error: bool = False,
    vote=selectors._UNKNOWN,
    retry_after: int | None = None,
) -> HttpResponse:
    if not request.htmx:
        (messages.error if error else messages.success)(request, message)
        return redirect(_detail_url(proposal))
    area = selectors.agreement_area(
        proposal=proposal, user=request.user, vote=vote, with_chart=False
    )
    area.feedback = message
    area.feedback_is_error = error
    # The fragment needs only its forms' CSRF token: rendered without the context
    # processors, which every agreement would otherwise pay for (docs/performance.md).
    response = HttpResponse(
        render_to_string(
            STATUS_PARTIAL,
            {"area": area, "proposal": proposal, "csrf_token": get_token(request)},
        )
    )
    if retry_after is not None:
        response["Retry-After"] = str(retry_after)
    return response


def _act(request, pk: int, action) -> HttpResponse:
    if not request.user.is_authenticated:
        return _login_redirect(request, pk)
    # The service locks and reads the row; it fills this instance for the answer.
    proposal = Proposal(pk=pk)
    try:
        rate_limit("vote", request=request)
        return action(proposal)
    except Proposal.DoesNotExist:
        raise Http404 from None
    except RateLimited as error:
        if proposal.author_id is None:  # refused before the row was read
            proposal = _public_proposal(pk)
        return _answer(
            request,
            proposal,
            message=str(error.message),
            error=True,
            retry_after=error.retry_after,
        )
    except DomainError as error:
        if proposal.author_id is None:  # refused before the row was read
            proposal = _public_proposal(pk)
        return _answer(request, proposal, message=str(error.message), error=True)


@require_http_methods(["GET", "POST"])
def vote_create(request, pk: int):
    """POST: agree. GET (e.g. returning from the login page): back to the proposal."""
    if request.method == "GET":
        return redirect(_detail_url(_public_proposal(pk)))

    def agree(proposal):
        vote, created = services.vote_cast(
            proposal=proposal, user=request.user, channel=Channel.WEB
        )
        message = (
            _("Thank you: your agreement is counted.")
            if created
            else _("You had already agreed with this idea.")
        )
        return _answer(request, proposal, message=message, vote=vote)

    return _act(request, pk, agree)


@require_http_methods(["GET", "POST"])
def vote_delete(request, pk: int):
    if request.method == "GET":
        return redirect(_detail_url(_public_proposal(pk)))

    def retract(proposal):
        deleted = services.vote_retract(proposal=proposal, user=request.user)
        message = (
            _("Your agreement was withdrawn.")
            if deleted
            else _("You had not agreed with this idea.")
        )
        return _answer(request, proposal, message=message, vote=None)

    return _act(request, pk, retract)


@require_GET
def agreement_area(request, pk: int):
    """The whole agreement area, for htmx refreshes (the detail page includes it)."""
    proposal = _public_proposal(pk)
    area = selectors.agreement_area(proposal=proposal, user=request.user)
    return render(
        request, "voting/_agreement.html", {"area": area, "proposal": proposal}
    )


@require_GET
def tally_export(request, pk: int):
    """Public tally: every receipt code and the total, revealing nobody (CSV)."""
    proposal = _visible_proposal(pk)
    return streaming_csv_response(
        selectors.iter_tally_csv_rows(proposal=proposal),
        filename=f"oasis-tally-{proposal.pk}.csv",
    )


@login_required
@require_http_methods(["GET", "POST"])
def proposal_advance(request, pk: int):
    """Staff agenda panel: send a below-threshold idea to review, with a public reason."""
    proposal = _public_proposal(pk)
    require_perm(request, "voting.advance_proposal", proposal)
    form = AdvanceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.proposal_advance_to_review(
                proposal=proposal,
                actor=request.user,
                reason=form.cleaned_data["reason"],
            )
        except DomainError as error:
            form.add_error("reason", str(error.message))
        else:
            messages.success(request, _("The idea was sent to review."))
            return redirect(_detail_url(proposal))
    return render(
        request, "voting/proposal_advance.html", {"proposal": proposal, "form": form}
    )

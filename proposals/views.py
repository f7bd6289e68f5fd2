"""Thin views: parse, check the rule, call one service or selector, render."""

import hashlib
from typing import cast
from urllib.parse import urlencode

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.forms import ChoiceField
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from oasis.core.db_routers import public_reads
from oasis.core.errors import DomainError, RateLimited, StaleEdit
from oasis.core.pagination import InvalidCursor
from oasis.core.throttle import rate_limit
from oasis.core.views import raise_if_forbidden, refuse_with_message, require_perm
from proposals import hooks, lifecycle, selectors, services
from proposals.forms import (
    CommentEditForm,
    CommentForm,
    FilterForm,
    OptionalImageForm,
    ProposalForm,
    ProposalImageForm,
    ReasonForm,
    ReportForm,
    StageForm,
    WithdrawForm,
    show_current_version,
)
from proposals.models import Comment, Proposal, ProposalImage, Stage

LIST_TEMPLATE = "proposals/proposal_list.html"
DETAIL_TEMPLATE = "proposals/proposal_detail.html"
FORM_TEMPLATE = "proposals/proposal_form.html"


def _proposal_or_404(pk: int) -> Proposal:
    proposal = (
        Proposal.objects.select_related("category", "district").filter(pk=pk).first()
    )
    if proposal is None:
        raise Http404
    return proposal


def _comment_or_404(pk: int) -> Comment:
    comment = selectors.comment_get(pk=pk)
    if comment is None:
        raise Http404
    return comment


def _add_form_errors(
    form, error: DomainError | ValidationError, field: str | None = None
) -> None:
    if isinstance(error, ValidationError):
        if hasattr(error, "error_dict"):
            for name, errors in error.error_dict.items():
                form.add_error(name if name in form.fields else None, errors)
        else:
            form.add_error(field, error)
    else:
        form.add_error(field, str(error.message))


# --- Finding ideas -------------------------------------------------------------------


# The list and its fragments show nothing about the visitor, so one rendering serves
# everyone for a few seconds (counts lag by at most that).
# Searches are not cached: their words rarely repeat.
LIST_CACHE_SECONDS = 10
LIST_CACHE_PARAMS = frozenset({"category", "district", "stage", "ordering", "cursor"})


def _list_cache_key(request, part: str) -> str | None:
    if not set(request.GET) <= LIST_CACHE_PARAMS:
        return None
    params = urlencode(sorted(request.GET.lists()), doseq=True)
    digest = hashlib.sha256(params.encode()).hexdigest()[:32]
    # Moderation starts a new generation, so a hidden idea leaves the cached pages.
    generation = selectors.list_cache_generation()
    return f"proposals:list:{generation}:{get_language()}:{part}:{digest}"


def _list_context(request) -> dict:
    categories, districts = selectors.filter_choices()
    form = FilterForm(request.GET or None, categories=categories, districts=districts)
    filters = form.filters() if request.GET else selectors.ProposalFilters()
    page = selectors.proposal_list(
        filters=filters, cursor=request.GET.get("cursor") or None
    )
    query = request.GET.copy()
    query.pop("cursor", None)
    did_you_mean = ""
    if filters.q and not page.items and not request.GET.get("cursor"):
        did_you_mean = selectors.proposal_search_suggestion(query=filters.q)
    return {
        "form": form,
        "filters": filters,
        "page": page,
        "filtered": any([filters.category, filters.district, filters.stage, filters.q]),
        "chips": _filter_chips(query, filters, categories, districts),
        "did_you_mean": did_you_mean,
        "did_you_mean_query": _replaced(query, "q", did_you_mean),
        "max_results": selectors.SEARCH_MAX_RESULTS,
    }


def _replaced(query, name: str, value: str) -> str:
    query = query.copy()
    query[name] = value
    return query.urlencode()


def _filter_chips(query, filters, categories, districts) -> list[dict]:
    """The active filters, each with the list's address without it."""
    names = {
        "q": filters.q,
        "category": next(
            (c.name for c in categories if c.value == filters.category), ""
        ),
        "district": next(
            (d.name for d in districts if d.value == filters.district), ""
        ),
        "stage": Stage(filters.stage).label if filters.stage in Stage else "",
    }
    chips = []
    for name, label in names.items():
        if label:
            rest = query.copy()
            rest.pop(name, None)
            chips.append({"name": name, "label": label, "remove": rest.urlencode()})
    return chips


@require_safe
def proposal_list(request):
    part = "content"
    if request.htmx and not request.htmx.history_restore_request:
        # "More ideas" appends the next items; a filter change swaps the results.
        part = "more" if request.GET.get("cursor") else "results"
    key = _list_cache_key(request, part)
    html = cache.get(key) if key else None
    context = {}
    if html is None:
        try:
            # Read here, rendered below: the page's header shows the visitor's own
            # state, which must come from the primary.
            with public_reads():
                context = _list_context(request)
        except InvalidCursor:
            return HttpResponseBadRequest(_("This page link is not valid."))
        html = render_to_string(f"{LIST_TEMPLATE}#{part}", context, request)
        if key:
            cache.set(key, html, LIST_CACHE_SECONDS)
    if part != "content":
        return HttpResponse(html)
    return render(request, LIST_TEMPLATE, {**context, "list_html": html})


@require_safe
def proposal_similar(request):
    """The similar-ideas hint below the title field (htmx; also a plain page)."""
    title = request.GET.get("title", "")
    exclude = request.GET.get("exclude")
    similar = selectors.proposal_similar(
        title=title, exclude_id=int(exclude) if exclude and exclude.isdigit() else None
    )
    template = FORM_TEMPLATE + "#similar"
    return render(request, template, {"similar": similar, "title_query": title})


@login_required
@require_safe
def proposal_mine(request):
    page = Paginator(selectors.proposals_of_author(user=request.user), 20).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "proposals/proposal_mine.html",
        {"page_obj": page},
    )


@login_required
@require_safe
def proposal_following(request):
    page = Paginator(selectors.proposals_followed(user=request.user), 20).get_page(
        request.GET.get("page")
    )
    return render(request, "proposals/proposal_following.html", {"page_obj": page})


# --- Reading -------------------------------------------------------------------------


COMMENT_THREADS_TEMPLATE = DETAIL_TEMPLATE + "#comment_threads"
MAX_COMMENT_PAGE = 10_000


def _comment_page_number(request) -> int:
    raw = request.GET.get("page", "1")
    if not (raw.isascii() and raw.isdigit()) or not 1 <= int(raw) <= MAX_COMMENT_PAGE:
        raise Http404
    return int(raw)


@require_safe
def proposal_detail(request, pk: int):
    page_number = _comment_page_number(request)
    if (
        request.htmx
        and "page" in request.GET
        and not request.htmx.history_restore_request
    ):
        return _more_comments(request, pk, page_number)
    proposal = selectors.proposal_get(pk=pk, user=request.user)
    if proposal is None or not rules.has_perm(
        "proposals.view_proposal", request.user, proposal
    ):
        raise Http404
    context = _detail_context(request, proposal, comment_page_number=page_number)
    if page_number > 1 and not context["threads"]:
        raise Http404
    response = render(request, DETAIL_TEMPLATE, context)
    # The same address answers the next comments alone to htmx.
    patch_vary_headers(response, ["HX-Request"])
    return response


def _more_comments(request, pk: int, page_number: int):
    """The "More comments" fragment: the threads of one page, appended by htmx."""
    proposal = _proposal_or_404(pk)
    if proposal.is_hidden or not rules.has_perm(
        "proposals.view_proposal", request.user, proposal
    ):
        raise Http404
    page = selectors.comment_threads(
        proposal=proposal, user=request.user, page=page_number
    )
    if not page.threads:
        raise Http404
    response = render(
        request,
        COMMENT_THREADS_TEMPLATE,
        {"proposal": proposal, "threads": page.threads, "comment_page": page},
    )
    patch_vary_headers(response, ["HX-Request"])
    return response


def _detail_context(
    request, proposal, comment_form=None, comment_page_number: int = 1
) -> dict:
    page = None
    if not proposal.is_hidden:
        page = selectors.comment_threads(
            proposal=proposal, user=request.user, page=comment_page_number
        )
    return {
        "proposal": proposal,
        "threads": page.threads if page else [],
        "comment_page": page,
        "comment_form": comment_form or CommentForm(),
        "share_url": request.build_absolute_uri(proposal.get_absolute_url()),
    }


def _detail_throttled(request, pk: int, error: RateLimited, comment_form=None):
    """The idea's page again, with the rate-limit error, as 429 (nothing stored)."""
    proposal = selectors.proposal_get(pk=pk, user=request.user)
    if comment_form is None:
        messages.error(request, str(error.message))
    response = render(
        request,
        DETAIL_TEMPLATE,
        _detail_context(request, proposal, comment_form),
        status=429,
    )
    response["Retry-After"] = str(error.retry_after)
    return response


@require_safe
def proposal_versions(request, pk: int):
    """The earlier texts of an idea edited after people agreed with it."""
    proposal = _proposal_or_404(pk)
    if proposal.is_hidden or not rules.has_perm(
        "proposals.view_proposal", request.user, proposal
    ):
        raise Http404
    return render(
        request,
        "proposals/proposal_versions.html",
        {
            "proposal": proposal,
            "versions": selectors.proposal_versions(proposal=proposal),
        },
    )


# --- Submitting and editing ----------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def proposal_create(request):
    require_perm(request, "proposals.add_proposal")
    form = ProposalForm(request.POST or None)
    image_form = OptionalImageForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST" and form.is_valid() and image_form.is_valid():
        publish = request.POST.get("action") == "publish"
        try:
            rate_limit("proposal", request=request)
            if publish:
                rate_limit("publish", request=request)
            proposal = services.proposal_submit(
                author=request.user,
                fields=form.cleaned_data,
                image=image_form.cleaned_data.get("image"),
                alt_text=image_form.cleaned_data.get("alt_text", ""),
                publish=publish,
            )
        except RateLimited as error:
            form.add_error(None, str(error.message))
            status = 429
        except services.InvalidImage as error:
            image_form.add_error("image", str(error.message))
        except (DomainError, ValidationError) as error:
            _add_form_errors(form, error)
        else:
            hooks.proposal_submitted(request, published=publish)
            if publish:
                messages.success(request, _("Your idea is published. Thank you!"))
            else:
                messages.success(
                    request,
                    _("Your draft is saved. Check it, then publish it when ready."),
                )
            return redirect(proposal)
    # Without JavaScript the hint appears once the title has been sent.
    similar = (
        selectors.proposal_similar(title=request.POST.get("title", ""))
        if request.method == "POST"
        else []
    )
    return render(
        request,
        FORM_TEMPLATE,
        {"form": form, "image_form": image_form, "creating": True, "similar": similar},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def proposal_update(request, pk: int):
    proposal = _proposal_or_404(pk)
    require_perm(request, "proposals.change_proposal", proposal)
    form = ProposalForm(request.POST or None, instance=proposal)
    current = None
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.fields}
        version = fields.pop("version")
        try:
            # The form has already applied the values to its instance: start afresh.
            services.proposal_update(
                proposal=_proposal_or_404(pk),
                actor=request.user,
                version=version,
                **fields,
            )
        except StaleEdit as error:
            current = error.current
            form.add_error(None, str(error.message))
            show_current_version(form, current)
        except DomainError as error:
            raise_if_forbidden(error)
            _add_form_errors(form, error)
        except ValidationError as error:
            _add_form_errors(form, error)
        else:
            messages.success(request, _("Your changes are saved."))
            return redirect(proposal)
    return render(
        request,
        FORM_TEMPLATE,
        {"form": form, "proposal": proposal, "creating": False, "current": current},
        status=409 if current is not None else 200,
    )


@login_required
@require_POST
def proposal_publish(request, pk: int):
    proposal = _proposal_or_404(pk)
    require_perm(request, "proposals.publish_proposal", proposal)
    try:
        rate_limit("publish", request=request)
    except RateLimited as error:
        return _detail_throttled(request, pk, error)
    try:
        services.proposal_publish(proposal=proposal, actor=request.user)
    except DomainError as error:
        refuse_with_message(request, error)
    else:
        messages.success(request, _("Your idea is published. Thank you!"))
    return redirect(proposal)


@login_required
@require_http_methods(["GET", "POST"])
def proposal_withdraw(request, pk: int):
    proposal = _proposal_or_404(pk)
    require_perm(request, "proposals.withdraw_proposal", proposal)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.proposal_withdraw(
                proposal=proposal,
                actor=request.user,
                reason=form.cleaned_data["reason"],
            )
        except DomainError as error:
            refuse_with_message(request, error)
        else:
            messages.success(request, _("Your idea is withdrawn."))
        return redirect(proposal)
    return render(
        request,
        "proposals/proposal_withdraw.html",
        {"proposal": proposal, "form": form},
    )


@login_required
@require_http_methods(["GET", "POST"])
def proposal_images(request, pk: int):
    proposal = _proposal_or_404(pk)
    require_perm(request, "proposals.change_proposal", proposal)
    form = ProposalImageForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.proposal_image_add(
                proposal=proposal,
                actor=request.user,
                file=form.cleaned_data["image"],
                alt_text=form.cleaned_data["alt_text"],
            )
        except DomainError as error:
            raise_if_forbidden(error)
            form.add_error(
                "alt_text" if error.code == "alt_text_required" else "image",
                str(error.message),
            )
        else:
            messages.success(request, _("The photo is added."))
            return redirect("proposals:proposal-images", pk=proposal.pk)
    return render(
        request,
        "proposals/proposal_images.html",
        {
            "proposal": proposal,
            "form": form,
            "images": list(proposal.images.all()),
        },
    )


@login_required
@require_POST
def image_delete(request, pk: int, image_id: int):
    proposal = _proposal_or_404(pk)
    require_perm(request, "proposals.change_proposal", proposal)
    image = ProposalImage.objects.filter(proposal=proposal, pk=image_id).first()
    if image is None:
        raise Http404
    try:
        services.proposal_image_delete(image=image, actor=request.user)
    except DomainError as error:
        raise PermissionDenied from error
    messages.success(request, _("The photo is removed."))
    return redirect("proposals:proposal-images", pk=proposal.pk)


# --- Following -----------------------------------------------------------------------


def _follow_response(request, proposal: Proposal, following: bool):
    if request.htmx:
        proposal.is_followed = following  # type: ignore[attr-defined]  # for the template
        proposal.follower_count = cast(
            int,
            Proposal.objects.filter(pk=proposal.pk)
            .values_list("follower_count", flat=True)
            .first(),
        )
        return render(request, DETAIL_TEMPLATE + "#follow", {"proposal": proposal})
    return redirect(proposal)


@login_required
@require_POST
def proposal_follow(request, pk: int):
    proposal = _proposal_or_404(pk)
    require_perm(request, "proposals.follow_proposal", proposal)
    services.proposal_follow(proposal=proposal, user=request.user)
    if not request.htmx:
        messages.success(request, _("You follow this idea now."))
    return _follow_response(request, proposal, True)


@login_required
@require_POST
def proposal_unfollow(request, pk: int):
    proposal = _proposal_or_404(pk)
    services.proposal_unfollow(proposal=proposal, user=request.user)
    if not request.htmx:
        messages.success(request, _("You no longer follow this idea."))
    return _follow_response(request, proposal, False)


# --- Comments ------------------------------------------------------------------------


@login_required
@require_POST
def comment_create(request, pk: int):
    proposal = _proposal_or_404(pk)
    require_perm(request, "proposals.add_comment", proposal)
    form = CommentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please write a comment of at most 3000 characters."))
        return redirect(f"{proposal.get_absolute_url()}#comment-form")
    parent = None
    if form.cleaned_data.get("parent"):
        parent = Comment.objects.filter(
            pk=form.cleaned_data["parent"], proposal=proposal
        ).first()
        if parent is None:
            raise Http404
    try:
        rate_limit("comment", request=request)
    except RateLimited as error:
        form.add_error("body", str(error.message))
        return _detail_throttled(request, pk, error, comment_form=form)
    try:
        comment = services.comment_create(
            proposal=proposal,
            author=request.user,
            body=form.cleaned_data["body"],
            parent=parent,
        )
    except DomainError as error:
        messages.error(request, str(error.message))
        return redirect(proposal)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(proposal)
    messages.success(request, _("Your comment is published."))
    return redirect(selectors.comment_page_url(comment=comment))


@login_required
@require_http_methods(["GET", "POST"])
def comment_update(request, pk: int):
    comment = _comment_or_404(pk)
    require_perm(request, "proposals.change_comment", comment)
    form = CommentEditForm(request.POST or None, instance=comment)
    current = None
    if request.method == "POST" and form.is_valid():
        try:
            services.comment_edit(
                comment=_comment_or_404(pk),
                actor=request.user,
                body=form.cleaned_data["body"],
                version=form.cleaned_data["version"],
            )
        except StaleEdit as error:
            current = error.current
            form.add_error(None, str(error.message))
            show_current_version(form, current)
        except DomainError as error:
            raise PermissionDenied from error
        except ValidationError as error:
            _add_form_errors(form, error, "body")
        else:
            messages.success(request, _("Your comment is updated."))
            return redirect(selectors.comment_page_url(comment=comment))
    return render(
        request,
        "proposals/comment_form.html",
        {"form": form, "comment": comment, "current": current},
        status=409 if current is not None else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def comment_delete(request, pk: int):
    """GET asks for confirmation (without JavaScript); POST deletes. htmx posts
    directly after the browser's confirmation and swaps in the tombstone."""
    comment = _comment_or_404(pk)
    # A stale form (the comment is already deleted or hidden) fails the rule too.
    require_perm(request, "proposals.delete_comment", comment)
    if request.method == "GET":
        return render(request, "proposals/comment_delete.html", {"comment": comment})
    try:
        comment = services.comment_delete(comment=comment, actor=request.user)
    except DomainError as error:
        raise PermissionDenied from error
    if request.htmx:
        return render(request, "proposals/includes/comment.html", {"comment": comment})
    messages.success(request, _("Your comment is deleted."))
    return redirect(selectors.comment_page_url(comment=comment))


@login_required
@require_POST
def comment_helpful(request, pk: int):
    comment = _comment_or_404(pk)
    require_perm(request, "proposals.mark_helpful_comment", comment)
    try:
        services.comment_mark_helpful(comment=comment, user=request.user)
    except DomainError as error:
        messages.error(request, str(error.message))
    if request.htmx:
        comment.refresh_from_db(fields=["helpful_count"])
        comment.marked_helpful = True  # type: ignore[attr-defined]  # for the template
        return render(
            request, "proposals/includes/comment.html#helpful", {"comment": comment}
        )
    return redirect(selectors.comment_page_url(comment=comment))


# --- Reports and moderation ----------------------------------------------------------


def _report(request, *, proposal=None, comment=None):
    target = proposal or comment
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            rate_limit("report", request=request)
        except RateLimited as error:
            form.add_error(None, str(error.message))
            response = render(
                request,
                "proposals/report_form.html",
                {"form": form, "proposal": proposal, "comment": comment},
                status=429,
            )
            response["Retry-After"] = str(error.retry_after)
            return response
        try:
            services.report_create(
                reporter=request.user,
                proposal=proposal,
                comment=comment,
                **form.cleaned_data,
            )
        except DomainError as error:
            messages.info(request, str(error.message))
        else:
            messages.success(request, _("Thank you. Staff will look at your report."))
        return redirect(_page_of(target))
    return render(
        request,
        "proposals/report_form.html",
        {"form": form, "proposal": proposal, "comment": comment},
    )


@login_required
@require_http_methods(["GET", "POST"])
def proposal_report(request, pk: int):
    proposal = _proposal_or_404(pk)
    require_perm(request, "proposals.report_proposal", proposal)
    return _report(request, proposal=proposal)


@login_required
@require_http_methods(["GET", "POST"])
def comment_report(request, pk: int):
    comment = _comment_or_404(pk)
    require_perm(request, "proposals.report_comment", comment)
    return _report(request, comment=comment)


def _page_of(target) -> str:
    if isinstance(target, Comment):
        return selectors.comment_page_url(comment=target)
    return target.get_absolute_url()


@require_safe
def comment_detail(request, pk: int):
    """Leads to the page of the proposal's comments that shows this comment."""
    comment = selectors.comment_get(pk=pk)
    if comment is None or not rules.has_perm(
        "proposals.view_proposal", request.user, comment.proposal
    ):
        raise Http404
    return redirect(selectors.comment_page_url(comment=comment))


def _moderate(request, target):
    require_perm(request, "proposals.moderate", target)
    form = ReasonForm(request.POST or None)
    if request.method == "POST":
        if request.POST.get("action") == "unhide":
            services.moderation_unhide(target=target, actor=request.user)
            messages.success(request, _("The content is visible again."))
            return redirect(_page_of(target))
        if form.is_valid():
            services.moderation_hide(
                target=target, actor=request.user, reason=form.cleaned_data["reason"]
            )
            messages.success(request, _("The content is hidden; a notice stays."))
            return redirect(_page_of(target))
    return render(
        request, "proposals/moderate_form.html", {"form": form, "target": target}
    )


@login_required
@require_http_methods(["GET", "POST"])
def proposal_moderate(request, pk: int):
    return _moderate(request, _proposal_or_404(pk))


@login_required
@require_http_methods(["GET", "POST"])
def comment_moderate(request, pk: int):
    return _moderate(request, _comment_or_404(pk))


@login_required
@require_http_methods(["GET", "POST"])
def proposal_stage(request, pk: int):
    """Staff move an idea along its lifecycle (the agenda panel, implementation)."""
    proposal = _proposal_or_404(pk)
    require_perm(request, "proposals.change_stage", proposal)
    form = StageForm(request.POST or None)
    cast(ChoiceField, form.fields["to"]).choices = [
        (stage, Stage(stage).label)
        for stage in lifecycle.staff_stage_targets(proposal.stage)
    ]
    if request.method == "POST" and form.is_valid():
        try:
            services.proposal_transition(
                proposal=proposal,
                to=Stage(form.cleaned_data["to"]),
                actor=request.user,
                reason=form.cleaned_data["reason"],
            )
        except DomainError as error:
            form.add_error(None, str(error.message))
        else:
            messages.success(request, _("The stage is changed."))
            return redirect(proposal)
    return render(
        request, "proposals/stage_form.html", {"form": form, "proposal": proposal}
    )

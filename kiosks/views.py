"""The touch UI (/kiosk/…), its enrollment page, and the phone's side of a hand-off
(/k/<token>/). Thin: each view calls one selector or service and renders."""

import hashlib
from datetime import datetime
from typing import cast
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from kiosks import selectors, services
from kiosks.auth import kiosk_required, set_credential_cookie, touch_page
from kiosks.errors import HandoffGone
from kiosks.forms import EnrollForm
from kiosks.models import Handoff
from oasis.accounts.adapter import LOGIN_RETURN_SESSION_KEY
from oasis.core.errors import DomainError, NotFound
from oasis.core.throttle import rate_limit
from proposals.selectors import list_cache_generation
from voting.predicates import user_is_verified_voter

APP_VERSION = "oasis-kiosk-web/1"
PROPOSAL_FORM_PATH = "/proposals/new/"
HANDOFF_SESSION_KEY = "kiosk_handoffs"
# {"id": hand-off, "binding": its binding secret}: the idea form finishes that hand-off.
PROPOSE_SESSION_KEY = "kiosk_propose_handoff"


def _render(request, template: str, screen: str, context: dict | None = None, **kw):
    config = request.kiosk_config
    return render(
        request,
        template,
        {
            "kiosk": request.kiosk,
            "config": config,
            "features": config.features,
            "screen": screen,
            "app_version": APP_VERSION,
            "idle_warning_seconds": selectors.IDLE_WARNING_SECONDS,
            **(context or {}),
        },
        **kw,
    )


def _proposal_or_404(request, pk: int, template_screen: str):
    try:
        return selectors.kiosk_proposal_detail(pk=pk), None
    except NotFound:
        return None, _render(
            request, "kiosks/not_found.html", template_screen, status=404
        )


@touch_page
def attract(request):
    proposals = selectors.kiosk_proposal_list(kiosk=request.kiosk, limit=3)
    return _render(request, "kiosks/attract.html", "attract", {"proposals": proposals})


# The list's content depends on the station's district, the language, the topic and
# the scope only (never on the visitor: no token, no per-person state), so one
# rendering serves every kiosk of that district for a few seconds, like the public
# list; moderation starts a new generation of both.
IDEA_LIST_CACHE_SECONDS = 10
CITYWIDE = "city"


def _idea_list_cache_key(request, slug: str, citywide: bool) -> str:
    generation = list_cache_generation()
    digest = hashlib.sha256(slug.encode()).hexdigest()[:16]
    scope = CITYWIDE if citywide else "near"
    return (
        f"kiosks:ideas:{generation}:{get_language()}:"
        f"{request.kiosk.district_id}:{scope}:{digest}"
    )


@touch_page
def idea_list(request):
    slug = request.GET.get("category") or ""
    citywide = request.GET.get("scope") == CITYWIDE
    key = _idea_list_cache_key(request, slug, citywide)
    cached = cache.get(key)
    if cached is None:
        categories = selectors.kiosk_categories()
        current = next((c for c in categories if c.slug == slug), None)
        proposals = selectors.kiosk_proposal_list(
            kiosk=request.kiosk,
            category_slug=current.slug if current else None,
            citywide=citywide,
        )
        context = {
            "kiosk": request.kiosk,
            "proposals": proposals,
            "near_proposals": [p for p in proposals if not p.elsewhere],
            "other_proposals": [p for p in proposals if p.elsewhere],
            "categories": categories,
            "current": current,
            "citywide": citywide,
        }
        cached = {
            "title": current.name if current else "",
            "html": render_to_string("kiosks/idea_list.html#content", context, request),
        }
        if current or not slug:  # an unknown topic is not worth a cache entry
            cache.set(key, cached, IDEA_LIST_CACHE_SECONDS)
    return _render(
        request,
        "kiosks/idea_list.html",
        "ideas",
        {"title": cached["title"], "content_html": cached["html"]},
    )


@touch_page
def category_list(request):
    return _render(
        request,
        "kiosks/category_list.html",
        "categories",
        {"categories": selectors.kiosk_categories()},
    )


@touch_page
def idea_detail(request, pk: int):
    proposal, missing = _proposal_or_404(request, pk, "detail")
    return missing or _render(
        request, "kiosks/idea_detail.html", "detail", {"proposal": proposal}
    )


@touch_page
def agree_sms(request, pk: int):
    proposal, missing = _proposal_or_404(request, pk, "sms")
    if missing:
        return missing
    if not request.kiosk_config.agree_by_sms:
        return redirect("kiosks:kiosk-idea", pk=pk)
    return _render(request, "kiosks/agree_sms.html", "sms", {"proposal": proposal})


@touch_page
def agree_phone(request, pk: int):
    proposal, missing = _proposal_or_404(request, pk, "handoff")
    if missing:
        return missing
    if not request.kiosk_config.agree_by_handoff:
        return redirect("kiosks:kiosk-idea", pk=pk)
    return _render(
        request,
        "kiosks/handoff_qr.html",
        "handoff",
        {"proposal": proposal, "action": Handoff.Action.AGREE},
    )


# Touch-picked words of the propose screen, at most this many at once.
PROPOSE_MAX_WORDS = 3


@touch_page
def propose(request):
    """Before the hand-off: touch the words an idea is about and see the similar ideas
    already there (the idea form's hint), to agree with one instead."""
    if not request.kiosk_config.propose:
        return redirect("kiosks:kiosk-ideas")
    topic_words = selectors.kiosk_topic_words()
    chosen = [w for w in request.GET.getlist("word") if w in topic_words]
    chosen = list(dict.fromkeys(chosen))[:PROPOSE_MAX_WORDS]
    chips = []
    for word in topic_words:
        picked = word in chosen
        toggled = [w for w in chosen if w != word] if picked else [*chosen, word]
        query = urlencode([("word", w) for w in toggled[:PROPOSE_MAX_WORDS]])
        chips.append({"word": word, "picked": picked, "query": query})
    similar = selectors.kiosk_similar(words=chosen) if chosen else []
    return _render(
        request,
        "kiosks/propose.html",
        "propose",
        {
            "chips": chips,
            "chosen": chosen,
            "similar_open": [p for p in similar if p.accepts_agreements],
            "similar_answered": [p for p in similar if not p.accepts_agreements],
        },
    )


@touch_page
def propose_phone(request):
    if not request.kiosk_config.propose:
        return redirect("kiosks:kiosk-ideas")
    return _render(
        request,
        "kiosks/handoff_qr.html",
        "propose",
        {"proposal": None, "action": Handoff.Action.PROPOSE},
    )


@touch_page
def help_screen(request):
    return _render(request, "kiosks/help.html", "help")


@require_POST
@kiosk_required
def reset(request):
    """Idle reset and "start over": forget the session and every cookie but the device
    credential, then show the attract screen."""
    request.session.flush()
    if request.headers.get("X-Kiosk-Reset") == "fetch":
        response = HttpResponse(status=204)
    else:
        response = redirect("kiosks:kiosk-attract")
    for name in request.COOKIES:
        if name != settings.KIOSK_COOKIE_NAME:
            response.delete_cookie(name)
    add_never_cache_headers(response)
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def enroll(request):
    """On the device: exchange the one-time code for the credential cookie."""
    form = EnrollForm(
        request.POST or None, initial={"code": request.GET.get("code", "")}
    )
    if request.method == "POST" and form.is_valid():
        try:
            rate_limit("kiosk_enroll", request=request)
            _kiosk, credential = services.kiosk_enroll(code=form.cleaned_data["code"])
        except DomainError as error:
            form.add_error("code", str(error.message))
        else:
            response = redirect("kiosks:kiosk-attract")
            set_credential_cookie(response, credential)
            return response
    return render(request, "kiosks/enroll.html", {"form": form})


# --- The phone's side of a hand-off --------------------------------------------------
def _binding_key(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()[:16]


def _remember_return(request, handoff: Handoff, url: str | None = None) -> None:
    """Sign-up → email confirmation → login loses ?next=: until the hand-off's time is
    up, the next login comes back here, or to `url` (oasis.accounts.adapter)."""
    if request.user.is_authenticated:
        if LOGIN_RETURN_SESSION_KEY in request.session:
            del request.session[LOGIN_RETURN_SESSION_KEY]
        return
    finish_by = cast(datetime, handoff.finish_by)  # set when it was opened
    pending = {"url": url or request.path, "until": finish_by.timestamp()}
    if request.session.get(LOGIN_RETURN_SESSION_KEY) != pending:
        request.session[LOGIN_RETURN_SESSION_KEY] = pending


@never_cache
@require_http_methods(["GET", "POST"])
def handoff_open(request, token: str):
    """Names the station and the proposal; log in or sign up (?next= back here), verify,
    then agree — or go on to the proposal form. Used or expired → 410."""
    bindings = request.session.get(HANDOFF_SESSION_KEY, {})
    key = _binding_key(token)
    try:
        handoff, new_binding = services.handoff_open(
            token=token, binding=bindings.get(key)
        )
    except HandoffGone as error:
        return render(
            request, "kiosks/handoff_gone.html", {"message": error.message}, status=410
        )
    except NotFound as error:
        raise Http404 from error
    if new_binding:
        bindings[key] = new_binding
        request.session[HANDOFF_SESSION_KEY] = bindings
    _remember_return(request, handoff)
    context: dict[str, object] = {
        "handoff": handoff,
        "kiosk": handoff.kiosk,
        "proposal": handoff.proposal,
    }
    if request.method == "POST":
        if handoff.action == Handoff.Action.PROPOSE:
            return _continue_to_proposal_form(request, handoff, bindings[key])
        if not request.user.is_authenticated:
            return redirect(f"{reverse('account_login')}?next={request.path}")
        try:
            _vote, created = services.handoff_agree(handoff=handoff, user=request.user)
        except DomainError as error:
            context["error"] = error
        else:
            context["done"] = "agreed" if created else "already_agreed"
    context["needs_verification"] = (
        request.user.is_authenticated and not user_is_verified_voter(request.user)
    )
    return render(request, "kiosks/handoff.html", context)


def _continue_to_proposal_form(request, handoff: Handoff, binding: str):
    """The hand-off stays open until the form is submitted from this session
    (propose_handoff_submitted); logging in on the way leads straight to the form."""
    services.handoff_propose_continue(handoff=handoff)
    request.session[PROPOSE_SESSION_KEY] = {"id": handoff.pk, "binding": binding}
    _remember_return(request, handoff, url=PROPOSAL_FORM_PATH)
    return redirect(PROPOSAL_FORM_PATH)


def propose_handoff_submitted(request, *, published: bool) -> None:
    """Called by the idea form once it saved an idea: a kiosk hand-off that led this
    session to the form is finished, and the kiosk thanks the person."""
    pending = request.session.pop(PROPOSE_SESSION_KEY, None)
    if isinstance(pending, dict):
        services.handoff_propose_submitted(
            handoff_id=pending["id"], binding=pending["binding"], published=published
        )

"""Hidden and draft ideas are withheld from every public surface, the same way: pages,
API, exports, kiosk, the similar-ideas hint, search and notifications to non-staff."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kiosks import services as kiosk_services
from oasis.notifications.models import Notification
from proposals import lifecycle, services
from proposals.models import Follow, Proposal, Stage
from proposals.reviews.models import ReviewRound, RoundProposal
from tests.districts import seeded_district
from tests.kiosks.factories import KioskFactory
from tests.notifications.dispatching import fan_out_pending
from voting import services as voting_services

pytestmark = pytest.mark.django_db

TITLE = "Zebra crossing at Quillfeather lane"
WORD = "Quillfeather"  # in every rendering of the title, highlighted by search too


def _text(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8")
    return response.content.decode("utf-8")


@pytest.fixture
def kiosk_credential(staff_user):
    kiosk = KioskFactory()
    _row, code = kiosk_services.enrollment_code_create(kiosk=kiosk, actor=staff_user)
    _kiosk, credential = kiosk_services.kiosk_enroll(code=code)
    return credential


def _kiosk_touch(credential) -> Client:
    from django.conf import settings

    client = Client()
    client.cookies[settings.KIOSK_COOKIE_NAME] = credential
    return client


def _published_round(proposal: Proposal) -> ReviewRound:
    today = timezone.localdate()
    review_round = ReviewRound.objects.create(
        name="Spring round",
        starts_on=today,
        ends_on=today,
        state=ReviewRound.State.PUBLISHED,
    )
    RoundProposal.objects.create(round=review_round, proposal=proposal)
    return review_round


# Each surface: (name, how to read it) -> the response. Every one of them shows the
# idea while it is public (checked first), and withholds it once hidden or a draft.
SURFACES = {
    "list": lambda c, p, k: c.get(reverse("proposals:proposal-list")),
    "detail": lambda c, p, k: c.get(p.get_absolute_url()),
    "api-list": lambda c, p, k: c.get(reverse("api-proposal-list")),
    "api-detail": lambda c, p, k: c.get(f"/api/v1/proposals/{p.pk}/"),
    "tally-csv": lambda c, p, k: c.get(reverse("voting:tally-export", args=[p.pk])),
    "open-data-csv": lambda c, p, k: c.get("/open-data/proposals.csv"),
    "open-data-json": lambda c, p, k: c.get("/open-data/proposals.json"),
    "round-public-export": lambda c, p, k: c.get(
        reverse("reviews:round-public-export", args=[_published_round(p).pk])
    ),
    "kiosk-list": lambda c, p, k: _kiosk_touch(k).get(reverse("kiosks:kiosk-ideas")),
    "kiosk-detail": lambda c, p, k: _kiosk_touch(k).get(
        reverse("kiosks:kiosk-idea", args=[p.pk])
    ),
    "kiosk-api-list": lambda c, p, k: Client(HTTP_AUTHORIZATION=f"Kiosk {k}").get(
        reverse("api-kiosk-proposals")
    ),
    "similar-hint": lambda c, p, k: c.get(
        reverse("proposals:proposal-similar"), {"title": TITLE}
    ),
    "search": lambda c, p, k: c.get(
        reverse("proposals:proposal-list"), {"q": "quillfeather lane"}
    ),
    "api-search": lambda c, p, k: c.get(
        reverse("api-proposal-list"), {"q": "quillfeather lane"}
    ),
}


@pytest.fixture
def public_idea(proposal_factory, user, user2):
    """An open idea a kiosk shows, with one agreement (a receipt in the tally)."""
    proposal = proposal_factory(
        title=TITLE,
        author=user,
        district=seeded_district("gangnam"),
        published_at=timezone.now() - dt.timedelta(days=2),
    )
    voting_services.vote_cast(proposal=proposal, user=user2, channel="web")
    proposal.refresh_from_db()
    return proposal


def _hide(proposal, staff_user):
    services.moderation_hide(target=proposal, actor=staff_user, reason="Insults")


def _make_draft(proposal, staff_user):
    # No service turns an idea back into a draft, so nothing tells the page cache.
    Proposal.objects.filter(pk=proposal.pk).update(stage=Stage.DRAFT)
    cache.clear()


@pytest.mark.parametrize("withhold", [_hide, _make_draft], ids=["hidden", "draft"])
@pytest.mark.parametrize("surface", list(SURFACES))
def test_every_public_surface_withholds_the_idea(
    client,
    public_idea,
    staff_user,
    kiosk_credential,
    surface,
    withhold,
    django_capture_on_commit_callbacks,
):
    read = SURFACES[surface]
    # given the idea is public, the surface shows it
    shown = read(client, public_idea, kiosk_credential)
    assert shown.status_code == 200
    assert WORD in _text(shown)

    # when moderation hides it (or it is a draft)
    with django_capture_on_commit_callbacks(execute=True):
        withhold(public_idea, staff_user)
    public_idea.refresh_from_db()

    # then the surface withholds it: not found, or found without its title
    response = read(client, public_idea, kiosk_credential)
    assert response.status_code == 404 or WORD not in _text(response)
    assert not lifecycle.is_publicly_visible(public_idea)


@pytest.mark.parametrize("stage", list(Stage))
@pytest.mark.parametrize("hidden", [False, True])
def test_the_predicate_and_the_filter_agree(proposal_factory, stage, hidden):
    proposal = proposal_factory(stage=stage, is_hidden=hidden)
    assert Proposal.objects.public().filter(pk=proposal.pk).exists() is (
        lifecycle.is_publicly_visible(proposal)
    )
    assert Proposal.objects.listed().filter(pk=proposal.pk).exists() is (
        lifecycle.is_listed(proposal)
    )


def test_an_event_about_a_hidden_idea_reaches_only_staff_and_its_author(
    open_proposal, user2, staff_user
):
    # given someone follows an idea that moderators then hide
    Follow.objects.create(proposal=open_proposal, user=user2)
    services.moderation_hide(target=open_proposal, actor=staff_user, reason="Spam")
    fan_out_pending()
    Notification.objects.all().delete()

    # when its stage changes (the window ends)
    services.proposal_transition(
        proposal=open_proposal, to=Stage.ARCHIVED, actor=None, reason=""
    )
    fan_out_pending()

    # then the follower hears nothing; the author is still told about their own idea
    recipients = set(
        Notification.objects.filter(event="proposal.stage_changed").values_list(
            "recipient_id", flat=True
        )
    )
    assert recipients == {open_proposal.author_id}


def test_an_event_about_a_public_idea_reaches_its_followers(open_proposal, user2):
    Follow.objects.create(proposal=open_proposal, user=user2)
    services.proposal_transition(
        proposal=open_proposal, to=Stage.ARCHIVED, actor=None, reason=""
    )
    fan_out_pending()
    recipients = set(
        Notification.objects.filter(event="proposal.stage_changed").values_list(
            "recipient_id", flat=True
        )
    )
    assert recipients == {open_proposal.author_id, user2.pk}

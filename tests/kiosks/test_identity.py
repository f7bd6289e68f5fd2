"""One person across channels: a kiosk SMS agreement and the same person's web account
are merged when the web account verifies that phone, so the person counts once."""

import pytest
from django.utils import timezone

from oasis.accounts import services as accounts
from oasis.accounts.models import User
from oasis.accounts.phones import protect_phone
from oasis.core.models import AuditEvent
from tests.kiosks.conftest import sms_code
from voting import services as voting
from voting.models import Vote

PHONE = "010-3456-7890"


@pytest.fixture
def agree_at_kiosk(api, json_post, sms_outbox, django_capture_on_commit_callbacks):
    def agree(proposal):
        with django_capture_on_commit_callbacks(execute=True):
            sent = json_post(
                api, "/api/v1/kiosk/sms/", {"phone": PHONE, "proposal": proposal.pk}
            )
        return json_post(
            api,
            "/api/v1/kiosk/sms/verify/",
            {"challenge": sent.json()["challenge"], "code": sms_code(sms_outbox)},
        )

    return agree


def verify_phone_on_the_web(user, sms_outbox, capture):
    with capture(execute=True):
        accounts.phone_verification_start(user=user, raw_phone=PHONE)
    return accounts.phone_verification_confirm(user=user, code=sms_code(sms_outbox))


def test_kiosk_then_web_verification_merges_the_person(
    agree_at_kiosk,
    proposal,
    proposal_factory,
    user,
    sms_outbox,
    django_capture_on_commit_callbacks,
):
    other = proposal_factory()
    agree_at_kiosk(proposal)
    agree_at_kiosk(other)
    phone_only = User.objects.get(phone_hmac=protect_phone(PHONE).hmac)

    verify_phone_on_the_web(user, sms_outbox, django_capture_on_commit_callbacks)

    assert not User.objects.filter(pk=phone_only.pk).exists()
    user.refresh_from_db()
    assert user.phone_hmac == protect_phone(PHONE).hmac
    assert set(Vote.objects.values_list("user_id", "proposal_id")) == {
        (user.pk, proposal.pk),
        (user.pk, other.pk),
    }
    assert Vote.objects.filter(channel="kiosk").count() == 2  # the channel stays
    event = AuditEvent.objects.get(action="account.merge_phone_user")
    assert event.after == {"votes_moved": 2, "duplicates_dropped": 0}

    # Agreeing again on the web counts nothing more.
    _vote, created = voting.vote_cast(proposal=proposal, user=user, channel="web")
    assert created is False
    proposal.refresh_from_db()
    assert proposal.vote_count == 1


def test_an_agreement_on_both_channels_is_counted_once_after_the_merge(
    agree_at_kiosk, proposal, user, sms_outbox, django_capture_on_commit_callbacks
):
    voting.vote_cast(proposal=proposal, user=user, channel="web")
    agree_at_kiosk(proposal)
    proposal.refresh_from_db()
    assert proposal.vote_count == 2  # not yet known to be one person

    verify_phone_on_the_web(user, sms_outbox, django_capture_on_commit_callbacks)

    proposal.refresh_from_db()
    assert proposal.vote_count == 1
    assert list(Vote.objects.values_list("user_id", "channel")) == [(user.pk, "web")]
    event = AuditEvent.objects.get(action="account.merge_phone_user")
    assert event.after == {"votes_moved": 0, "duplicates_dropped": 1}


def test_after_the_merge_the_kiosk_agrees_for_the_web_account(
    agree_at_kiosk,
    proposal,
    proposal_factory,
    user,
    sms_outbox,
    django_capture_on_commit_callbacks,
):
    agree_at_kiosk(proposal)
    verify_phone_on_the_web(user, sms_outbox, django_capture_on_commit_callbacks)
    later = proposal_factory()
    assert agree_at_kiosk(later).status_code == 201
    assert Vote.objects.get(proposal=later).user == user


def test_a_phone_held_by_a_real_account_is_still_refused(
    user, user2, sms_outbox, django_capture_on_commit_callbacks
):
    protected = protect_phone(PHONE)
    User.objects.filter(pk=user2.pk).update(
        phone_hmac=protected.hmac, phone_verified_at=timezone.now()
    )
    with pytest.raises(accounts.PhoneTaken):
        verify_phone_on_the_web(user, sms_outbox, django_capture_on_commit_callbacks)
    assert User.objects.filter(pk=user2.pk).exists()


def test_a_deleted_account_keeps_guarding_its_phone(
    user, user2, sms_outbox, django_capture_on_commit_callbacks
):
    protected = protect_phone(PHONE)
    User.objects.filter(pk=user2.pk).update(
        phone_hmac=protected.hmac, phone_verified_at=timezone.now()
    )
    user2.refresh_from_db()
    accounts.user_delete(user=user2)
    with pytest.raises(accounts.PhoneTaken):
        verify_phone_on_the_web(user, sms_outbox, django_capture_on_commit_callbacks)

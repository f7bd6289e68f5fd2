"""Data retention: SMS codes (encrypted number, hash, last digits) go after a day,
finished or expired hand-offs after 30 days; a beat task runs it daily."""

import datetime as dt
import secrets

import time_machine
from django.conf import settings
from django.utils import timezone

from kiosks import tasks
from kiosks.models import Handoff
from kiosks.services import kiosks_purge_old
from oasis.accounts.models import PhoneCode


def sms_challenge(kiosk, proposal):
    return PhoneCode.objects.create(
        purpose=PhoneCode.Purpose.KIOSK_AGREEMENT,
        kiosk=kiosk,
        proposal=proposal,
        phone_hmac="h" * 64,
        phone_encrypted="encrypted",
        phone_last_digits="6789",
        code_hash="c" * 64,
        expires_at=timezone.now() + dt.timedelta(minutes=5),
    )


def handoff(kiosk, proposal, *, opened=False, completed=False):
    now = timezone.now()
    return Handoff.objects.create(
        kiosk=kiosk,
        action=Handoff.Action.AGREE,
        proposal=proposal,
        token_hash=secrets.token_hex(32),
        open_by=now + settings.KIOSK_HANDOFF_OPEN_WITHIN,
        opened_at=now if opened else None,
        finish_by=now + settings.KIOSK_HANDOFF_FINISH_WITHIN if opened else None,
        completed_at=now if completed else None,
        outcome="agreed" if completed else "",
    )


def test_old_sms_codes_and_old_finished_hand_offs_are_deleted(kiosk, proposal):
    start = timezone.now()
    with time_machine.travel(start - dt.timedelta(days=40), tick=False):
        old_handoffs = [
            handoff(kiosk, proposal),  # never opened: expired
            handoff(kiosk, proposal, opened=True),  # opened, never finished
            handoff(kiosk, proposal, opened=True, completed=True),
        ]
        old_sms = sms_challenge(kiosk, proposal)
    with time_machine.travel(start - dt.timedelta(days=29), tick=False):
        recent_handoff = handoff(kiosk, proposal, opened=True, completed=True)
    with time_machine.travel(start - dt.timedelta(hours=25), tick=False):
        day_old_sms = sms_challenge(kiosk, proposal)
    with time_machine.travel(start - dt.timedelta(hours=23), tick=False):
        fresh_sms = sms_challenge(kiosk, proposal)
    live_handoff = handoff(kiosk, proposal)

    with time_machine.travel(start, tick=False):
        assert kiosks_purge_old() == {"sms_challenges": 2, "handoffs": 3}

    assert set(PhoneCode.objects.values_list("pk", flat=True)) == {fresh_sms.pk}
    assert set(Handoff.objects.values_list("pk", flat=True)) == {
        recent_handoff.pk,
        live_handoff.pk,
    }
    assert not {old_sms.pk, day_old_sms.pk} & set(
        PhoneCode.objects.values_list("pk", flat=True)
    )
    assert not {h.pk for h in old_handoffs} & set(
        Handoff.objects.values_list("pk", flat=True)
    )
    kiosk.refresh_from_db()  # the kiosk itself stays


def test_the_purge_runs_as_a_daily_beat_task(kiosk, proposal):
    with time_machine.travel(timezone.now() - dt.timedelta(days=2), tick=False):
        sms_challenge(kiosk, proposal)
    assert tasks.kiosks_purge_old_task.apply().get() == {
        "sms_challenges": 1,
        "handoffs": 0,
    }
    assert not PhoneCode.objects.exists()
    entry = settings.CELERY_BEAT_SCHEDULE["kiosks-purge-old"]
    assert entry["task"] == "kiosks.tasks.kiosks_purge_old_task"

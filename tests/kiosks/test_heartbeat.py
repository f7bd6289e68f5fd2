"""Heartbeat, remote configuration, offline detection and usage counts."""

import datetime as dt

import pytest
import time_machine
from django.conf import settings
from django.utils import timezone

from kiosks import services
from kiosks.models import Kiosk, KioskConfig, KioskUsage
from kiosks.tasks import kiosks_mark_offline_task
from oasis.core.models import AuditEvent
from oasis.notifications.models import Notification
from tests.notifications.dispatching import fan_out_pending


def beat(api, json_post, **data):
    return json_post(api, "/api/v1/kiosk/heartbeat/", data)


def test_a_heartbeat_records_the_device_and_returns_the_default_config(
    api, enrolled, json_post
):
    kiosk, _ = enrolled
    response = beat(
        api, json_post, version="web/7", uptime=3600, last_error="TypeError x"
    )
    assert response.status_code == 200
    config = response.json()["config"]
    assert config["version"] == 0
    assert config["idle_timeout_seconds"] == 60
    assert config["idle_warning_seconds"] == 20
    assert config["default_language"] == "ko"
    assert config["features"] == {
        "agree_by_handoff": True,
        "agree_by_sms": True,
        "propose": True,
        "audio_guidance": True,
    }
    kiosk.refresh_from_db()
    assert kiosk.app_version == "web/7"
    assert kiosk.uptime_seconds == 3600
    assert kiosk.last_error == "TypeError x"
    assert kiosk.is_online


def test_config_is_versioned_global_then_per_kiosk(
    api, enrolled, staff_user, json_post
):
    kiosk, _ = enrolled
    everywhere = services.kiosk_config_save(
        config=KioskConfig(idle_timeout_seconds=90, message_en="Hi"), actor=staff_user
    )
    first = beat(api, json_post).json()["config"]
    assert first["version"] == everywhere.version >= 1
    assert first["idle_timeout_seconds"] == 90
    assert first["message_en"] == "Hi"

    services.kiosk_config_save(
        config=KioskConfig(kiosk=kiosk, default_language="en", agree_by_sms=False),
        actor=staff_user,
    )
    second = beat(api, json_post, config_version=first["version"]).json()["config"]
    assert second["version"] > first["version"]
    assert second["default_language"] == "en"
    assert second["features"]["agree_by_sms"] is False
    kiosk.refresh_from_db()
    assert kiosk.config_version_applied == first["version"]
    assert AuditEvent.objects.filter(action="kiosk.config_save").count() == 2


def test_config_bounds_are_enforced(staff_user):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.kiosk_config_save(
            config=KioskConfig(idle_timeout_seconds=5), actor=staff_user
        )


def test_three_missed_beats_mark_a_kiosk_offline_and_alert_staff_once(
    api, enrolled, staff_user, json_post
):
    kiosk, _ = enrolled
    beat(api, json_post)
    now = timezone.now()

    with time_machine.travel(now + dt.timedelta(seconds=170)):
        assert kiosks_mark_offline_task.delay().get() == 0
    kiosk.refresh_from_db()
    assert kiosk.is_online

    with time_machine.travel(now + dt.timedelta(seconds=181)):
        assert kiosks_mark_offline_task.delay().get() == 1
        assert services.kiosks_mark_offline() == 0  # alerted once per outage
    kiosk.refresh_from_db()
    assert kiosk.status == "offline"
    fan_out_pending()
    alert = Notification.objects.get(event="kiosk.offline")
    assert alert.recipient == staff_user
    assert kiosk.station in alert.text
    assert alert.url == f"/admin/kiosks/kiosk/{kiosk.pk}/change/"

    beat(api, json_post)
    kiosk.refresh_from_db()
    assert kiosk.is_online


def test_the_beat_schedule_runs_the_offline_sweep_every_minute():
    entry = settings.CELERY_BEAT_SCHEDULE["kiosks-mark-offline"]
    assert entry["task"] == "kiosks.tasks.kiosks_mark_offline_task"
    assert entry["schedule"] == dt.timedelta(seconds=60)


def test_revoked_or_never_seen_kiosks_are_not_alerted(kiosk, staff_user):
    Kiosk.objects.filter(pk=kiosk.pk).update(is_online=False, last_seen_at=None)
    assert services.kiosks_mark_offline() == 0
    assert not Notification.objects.exists()


def test_usage_events_add_up_per_kiosk_and_day(api, enrolled, json_post, kiosk_factory):
    kiosk, _ = enrolled
    for _ in range(3):
        assert (
            json_post(api, "/api/v1/kiosk/events/", {"touch_sessions": 1}).status_code
            == 204
        )
    json_post(api, "/api/v1/kiosk/events/", {"proposals_viewed": 2})
    usage = KioskUsage.objects.get(kiosk=kiosk, day=timezone.localdate())
    assert (usage.touch_sessions, usage.proposals_viewed) == (3, 2)
    # Counts only: no field of the row could hold anything about a person.
    assert {f.name for f in KioskUsage._meta.fields} == {
        "id",
        "kiosk",
        "day",
        "touch_sessions",
        "proposals_viewed",
        "handoffs",
    }


def test_usage_events_are_bounded(api, json_post):
    response = json_post(api, "/api/v1/kiosk/events/", {"touch_sessions": 10_000})
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"


def test_staff_see_usage_per_kiosk_and_day_with_agreements(
    client, staff_user, api, enrolled, json_post, proposal, user
):
    from voting import services as voting

    kiosk, _ = enrolled
    json_post(
        api, "/api/v1/kiosk/events/", {"touch_sessions": 2, "proposals_viewed": 5}
    )
    user.phone_verified_at = timezone.now()
    user.save(update_fields=["phone_verified_at"])
    voting.vote_cast(proposal=proposal, user=user, channel="kiosk", kiosk=kiosk)
    client.force_login(staff_user)

    listing = client.get("/admin/kiosks/kioskusage/")
    assert listing.status_code == 200
    row = listing.context["cl"].result_list[0]
    assert (row.touch_sessions, row.proposals_viewed, row.agreements) == (2, 5, 1)
    change = client.get(f"/admin/kiosks/kiosk/{kiosk.pk}/change/")
    assert change.status_code == 200
    assert "kiosk-status-online" in change.content.decode()


def test_counts_beyond_what_the_database_holds_are_refused(api, json_post):
    # A PositiveIntegerField holds 2**31 - 1 on every database.
    response = beat(api, json_post, uptime=2**31, config_version=2**31)
    assert response.status_code == 400
    assert {"uptime", "config_version"} <= set(response.json()["errors"])
    assert beat(api, json_post, uptime=2**31 - 1).status_code == 200


def test_the_proposal_list_refuses_a_nul_character_in_the_category(api):
    response = api.get("/api/v1/kiosk/proposals/", {"category": "a\x00"})
    assert response.status_code == 400
    assert "category" in response.json()["errors"]

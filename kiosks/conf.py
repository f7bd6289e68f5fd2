"""Kiosk settings with their defaults; each may be overridden in settings.py."""

from datetime import timedelta

from django.conf import settings

COOKIE_NAME = getattr(settings, "KIOSK_COOKIE_NAME", "oasis_kiosk")
# Chromium caps cookie lifetimes at 400 days; the touch UI refreshes it on every page.
COOKIE_MAX_AGE = 400 * 24 * 3600
ENROLLMENT_CODE_TTL = getattr(
    settings, "KIOSK_ENROLLMENT_CODE_TTL", timedelta(hours=24)
)
HANDOFF_OPEN_WITHIN = getattr(
    settings, "KIOSK_HANDOFF_OPEN_WITHIN", timedelta(seconds=120)
)
HANDOFF_FINISH_WITHIN = getattr(
    settings, "KIOSK_HANDOFF_FINISH_WITHIN", timedelta(minutes=15)
)
# Proposals appear on kiosks once they have been open this long (DESIGN §6).
PROPOSAL_MIN_AGE = getattr(settings, "KIOSK_PROPOSAL_MIN_AGE", timedelta(hours=24))
IDLE_WARNING_SECONDS = 20
# (count, period in seconds) per device credential, and per phone number for SMS.
RATE_LIMITS = {
    "handoff": (10, 60),
    "sms": (10, 600),
    "sms_phone": (3, 600),
    "vote": (20, 600),
    "enroll": (10, 600),
    **getattr(settings, "KIOSK_RATE_LIMITS", {}),
}

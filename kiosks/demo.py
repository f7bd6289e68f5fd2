"""Demo kiosk (seed_demo), from oasis/core/demo/kiosks.yaml, with a fresh one-time
enrollment code."""

from decimal import Decimal

from django.conf import settings
from django.urls import reverse

from kiosks.models import Kiosk, KioskConfig
from kiosks.selectors import kiosk_visible_proposals
from kiosks.services import enrollment_code_create, kiosk_config_save
from oasis.core.demo import demo_data
from oasis.core.models import District


def demo_kiosk() -> Kiosk | None:
    place = demo_data("kiosks")["kiosk"]
    return Kiosk.objects.filter(station=place["station"], name=place["name"]).first()


def enrol_instructions(kiosk: Kiosk) -> str:
    """A fresh one-time enrolment code for `kiosk` as a URL on this site (SITE_URL),
    with what to do with it; earlier codes stop working."""
    _row, code = enrollment_code_create(kiosk=kiosk, actor=None)
    base = settings.OASIS_SITE_URL.rstrip("/")
    url = f"{base}{reverse('kiosks:kiosk-enroll')}?code={code}"
    return (
        f"Demo kiosk {kiosk}: open {url} (e.g. a 1080×1920 window) and press the"
        " button; the touch UI is then at /kiosk/. The code is single use and expires"
        " in 24 h; `manage.py kiosk_enrol_url` makes a new one."
    )


def seed(stdout) -> None:
    data = demo_data("kiosks")
    place = data["kiosk"]
    district = District.objects.get(code=place["district"])
    kiosk, _created = Kiosk.objects.update_or_create(
        station=place["station"],
        name=place["name"],
        defaults={
            "line": place["line"],
            "district": district,
            "location": place["location"],
            "latitude": Decimal(place["latitude"]),
            "longitude": Decimal(place["longitude"]),
        },
    )
    if not KioskConfig.objects.filter(kiosk__isnull=True).exists():
        kiosk_config_save(config=KioskConfig(**data["default_config"]), actor=None)
    stdout.write(f"  kiosk: {kiosk} (district {district.code})")
    stdout.write(
        f"    ideas shown there now: {kiosk_visible_proposals().count()}"
        " (open for at least 24 hours, no open report)"
    )

"""Demo kiosk (seed_demo), from oasis/core/demo/kiosks.yaml, with a fresh one-time
enrollment code."""

from decimal import Decimal

from django.urls import reverse

from kiosks.models import Kiosk, KioskConfig
from kiosks.selectors import kiosk_visible_proposals
from kiosks.services import enrollment_code_create, kiosk_config_save
from oasis.core.demo import demo_data
from oasis.core.models import District


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
    _row, code = enrollment_code_create(kiosk=kiosk, actor=None)
    url = f"http://127.0.0.1:8000{reverse('kiosks:kiosk-enroll')}?code={code}"
    stdout.write(f"  kiosk: {kiosk} (district {district.code})")
    stdout.write(
        f"    enrol it: open {url} (e.g. a 1080×1920 window), press the button;"
        " the touch UI is then at /kiosk/. The code is single use and expires in 24 h;"
        " run seed_demo again for a new one."
    )
    stdout.write(
        f"    ideas shown there now: {kiosk_visible_proposals().count()}"
        " (open for at least 24 hours, no open report)"
    )

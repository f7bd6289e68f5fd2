"""Demo kiosk (seed_demo): 강남역, line 2, with a fresh one-time enrollment code."""

from decimal import Decimal

from django.urls import reverse

from kiosks.models import Kiosk, KioskConfig
from kiosks.selectors import kiosk_visible_proposals
from kiosks.services import enrollment_code_create, kiosk_config_save
from oasis.core.models import District


def seed(stdout) -> None:
    district = District.objects.get(code="gangnam")
    kiosk, _created = Kiosk.objects.update_or_create(
        station="강남역",
        name="2호선 대합실 1",
        defaults={
            "line": "2",
            "district": district,
            "location": "B1 concourse near exit 10",
            "latitude": Decimal("37.497942"),
            "longitude": Decimal("127.027621"),
        },
    )
    if not KioskConfig.objects.filter(kiosk__isnull=True).exists():
        kiosk_config_save(
            config=KioskConfig(
                message_ko="상상대로 서울: 우리 동네 아이디어에 공감해 주세요.",
                message_en="Agree with ideas for your neighbourhood.",
            ),
            actor=None,
        )
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

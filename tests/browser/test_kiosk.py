"""The metro-station kiosk in Chromium at 1080×1920 (and 768×1024): attract → browse →
detail → SMS agreement, hand-off to a phone, idle reset, offline banner; every control
≥ 44×44 px and no serious or critical axe violation on any kiosk screen."""

import datetime as dt
import re

import pytest
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import expect

from kiosks import services
from tests.accounts.factories import TEST_PASSWORD, UserFactory
from tests.kiosks.conftest import sms_code
from tests.kiosks.factories import KioskFactory, KioskProposalFactory
from tests.proposals.factories import CategoryFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PORTRAIT = {"width": 1080, "height": 1920}
TABLET = {"width": 768, "height": 1024}

SMALL_TARGETS_JS = """() => Array.from(document.querySelectorAll(
    'a[href], button, input:not([type=hidden]), select, textarea, [role=button],'
    + ' [tabindex]:not([tabindex="-1"])'))
  .filter((el) => {
    const box = el.getBoundingClientRect();
    return box.width > 0 && box.height > 0 && !el.closest('[hidden]')
      && getComputedStyle(el).visibility !== 'hidden';
  })
  .map((el) => {
    const box = el.getBoundingClientRect();
    return {html: el.outerHTML.slice(0, 90), width: box.width, height: box.height};
  })
  .filter((target) => target.width < 44 || target.height < 44)"""


def assert_targets(page, where: str) -> None:
    small = page.evaluate(SMALL_TARGETS_JS)
    assert not small, f"targets under 44×44 px on {where}: {small}"


def check(page, axe, where: str) -> None:
    axe(page, where)
    assert_targets(page, where)


@pytest.fixture
def world(live_server, districts):
    staff = UserFactory(is_staff=True, is_superuser=True)
    kiosk = KioskFactory(name="2호선 대합실", station="강남역")
    _row, code = services.enrollment_code_create(kiosk=kiosk, actor=staff)
    kiosk, credential = services.kiosk_enroll(code=code)
    transport = CategoryFactory(slug="transport", name_ko="교통", name_en="Transport")
    idea = KioskProposalFactory(
        category=transport,
        title="강남역 환승 통로에 의자 설치",
        summary="환승 통로에 앉을 곳이 필요합니다",
    )
    KioskProposalFactory(title="역 출구 안내판 개선")
    return {
        "kiosk": kiosk,
        "credential": credential,
        "idea": idea,
        "url": live_server.url,
    }


@pytest.fixture
def kiosk_page(new_context, world):
    def make(viewport=PORTRAIT):
        context = new_context(viewport=viewport)
        context.add_cookies(
            [
                {
                    "name": settings.KIOSK_COOKIE_NAME,
                    "value": world["credential"],
                    "url": world["url"],
                    "httpOnly": True,
                    "sameSite": "Strict",
                }
            ]
        )
        return context.new_page()

    return make


def enter_digits(page, digits: str) -> None:
    for digit in digits:
        page.click(f'[data-key="{digit}"]')


def test_attract_browse_detail_and_agree_by_sms(kiosk_page, world, axe, sms_outbox):
    page = kiosk_page()
    idea = world["idea"]

    page.goto("/kiosk/")
    expect(page.locator("h1")).to_be_visible()
    check(page, axe, "attract")

    page.click("[data-start-session]")
    page.wait_for_url("**/kiosk/ideas/")
    check(page, axe, "ideas")

    page.click('.k-nav a[href="/kiosk/categories/"]')
    page.wait_for_url("**/kiosk/categories/")
    check(page, axe, "topics")
    page.click('a[href="/kiosk/ideas/?category=transport"]')
    expect(page.locator(".k-card")).to_have_count(1)

    page.click(f'a[href="/kiosk/ideas/{idea.pk}/"]')
    page.wait_for_url(f"**/kiosk/ideas/{idea.pk}/")
    expect(page.locator("[data-vote-count]")).to_contain_text("0")
    check(page, axe, "detail")

    page.click(f'a[href="/kiosk/ideas/{idea.pk}/sms/"]')
    page.wait_for_url("**/sms/")
    check(page, axe, "sms: phone number")
    enter_digits(page, "01023456789")
    expect(page.locator("[data-phone-display]")).to_have_text("010-2345-6789")
    page.click('[data-action="send"]')

    expect(page.locator('[data-step="code"]')).to_be_visible()
    expect(page.locator("[data-masked-phone]")).to_have_text("010-****-6789")
    assert "2345" not in page.content()  # masked once entered
    check(page, axe, "sms: code")
    enter_digits(page, sms_code(sms_outbox))
    page.click('[data-action="verify"]')

    expect(page.locator("[data-done-count]")).to_contain_text("1")
    check(page, axe, "sms: done")
    idea.refresh_from_db()
    assert idea.vote_count == 1

    page.click("[data-back]")
    expect(page.locator("[data-vote-count]")).to_contain_text("1")


def test_agree_by_hand_off_to_a_phone(kiosk_page, new_context, world, axe):
    idea = world["idea"]
    voter = UserFactory(email="phone.person@example.org")
    voter.phone_verified_at = timezone.now()
    voter.save(update_fields=["phone_verified_at"])
    page = kiosk_page()
    page.goto(f"/kiosk/ideas/{idea.pk}/")

    with page.expect_response(
        lambda r: (
            r.url.endswith("/api/v1/kiosk/handoffs/") and r.request.method == "POST"
        )
    ) as created:
        page.click(f'a[href="/kiosk/ideas/{idea.pk}/phone/"]')
    handoff_url = created.value.json()["url"]
    expect(page.locator("[data-qr] img")).to_be_visible()
    check(page, axe, "hand-off QR")

    phone = new_context(viewport={"width": 390, "height": 844}).new_page()
    phone.goto(handoff_url)
    expect(phone.locator("main")).to_contain_text("강남역")
    expect(phone.locator("main")).to_contain_text(idea.title)
    axe(phone, "phone: hand-off")
    expect(page.locator("[data-status]")).to_contain_text(re.compile("15"))

    phone.click('main a[href^="/accounts/login/"]')
    phone.fill("input[name=login]", voter.email)
    phone.fill("input[name=password]", TEST_PASSWORD)
    phone.locator("main form button[type=submit]").click()
    phone.wait_for_url(re.compile(r"/k/[^/]+/$"))
    phone.click('[data-testid="handoff-agree"]')
    expect(phone.locator('[data-testid="handoff-done"]')).to_be_visible()
    axe(phone, "phone: agreed")

    expect(page.locator("[data-status]")).to_contain_text("1", timeout=10_000)
    idea.refresh_from_db()
    assert idea.vote_count == 1
    assert idea.votes.get().kiosk == world["kiosk"]

    # Used: the same link is gone.
    assert phone.goto(handoff_url).status == 410


def test_propose_shows_similar_ideas_to_touch_then_hands_off(kiosk_page, world, axe):
    page = kiosk_page()
    page.goto("/kiosk/propose/")
    check(page, axe, "propose: topic words")
    page.locator('[data-testid="topic-words"] a', has_text="환승").click()
    open_ideas = page.locator('[data-testid="similar-open"]')
    expect(open_ideas).to_contain_text(world["idea"].title)
    check(page, axe, "propose: similar ideas")
    page.click('[data-testid="propose-phone"]')
    page.wait_for_url("**/kiosk/propose/phone/")
    expect(page.locator("[data-qr] img")).to_be_visible()
    check(page, axe, "propose QR")


def test_idle_reset_warns_then_clears_everything(kiosk_page, world):
    page = kiosk_page()
    page.clock.install()
    idea = world["idea"]
    page.goto(f"/kiosk/ideas/{idea.pk}/sms/")
    # From here the page's time moves only when the test says so.
    page.clock.pause_at(dt.datetime.now(tz=dt.UTC) + dt.timedelta(seconds=1))
    enter_digits(page, "0101234")
    page.click('[data-toggle="contrast"]')
    expect(page.locator("html")).to_have_class(re.compile("k-contrast"))
    page.evaluate(
        "localStorage.setItem('left', 'behind'); document.cookie = 'left=behind; path=/'"
    )
    page.click('.k-nav button[lang="en"]')  # the language switch
    page.wait_for_url(f"**/kiosk/ideas/{idea.pk}/sms/")
    expect(page.locator("html")).to_have_attribute("lang", "en")

    # 60 s without a touch: a warning with 20 s and "more time".
    page.clock.run_for(59_000)
    expect(page.locator("#k-idle")).to_be_hidden()
    page.clock.run_for(1_000)
    expect(page.locator("#k-idle")).to_be_visible()
    expect(page.locator("#k-idle-count")).to_have_text("20")
    # (axe needs running timers: the dialog is checked in the every-screen test.)
    assert_targets(page, "idle warning")
    page.click("[data-idle-more]")
    expect(page.locator("#k-idle")).to_be_hidden()
    assert page.url.endswith("/sms/")

    page.clock.run_for(60_000)
    expect(page.locator("#k-idle")).to_be_visible()
    page.clock.run_for(5_000)
    expect(page.locator("#k-idle-count")).to_have_text("15")
    page.clock.run_for(16_000)

    page.wait_for_url("**/kiosk/")
    expect(page.locator("html")).to_have_attribute("lang", "ko")
    expect(page.locator("html")).not_to_have_class(re.compile("k-contrast"))
    assert page.evaluate("localStorage.length") == 0
    assert (
        page.evaluate(
            "Object.keys(sessionStorage).filter((k) => k !== 'kiosk.lastBeat')"
        )
        == []
    )
    names = {cookie["name"] for cookie in page.context.cookies()}
    assert settings.KIOSK_COOKIE_NAME in names  # the device credential stays
    assert not names & {"left", "django_language", "sessionid"}
    assert "0101234" not in page.content()


def test_offline_banner_disables_agreeing(kiosk_page, world, axe):
    page = kiosk_page()
    idea = world["idea"]
    page.goto(f"/kiosk/ideas/{idea.pk}/")
    expect(page.locator("#k-offline")).to_be_hidden()

    page.context.set_offline(True)

    expect(page.locator("#k-offline")).to_be_visible()
    agree = page.locator(f'a[href="/kiosk/ideas/{idea.pk}/sms/"]')
    expect(agree).to_have_attribute("aria-disabled", "true")
    agree.click(force=True)  # a person taps it anyway
    assert page.url.endswith(
        f"/kiosk/ideas/{idea.pk}/"
    )  # nothing happens, nothing queued
    axe(page, "offline banner")

    page.context.set_offline(False)
    expect(page.locator("#k-offline")).to_be_hidden()
    expect(agree).not_to_have_attribute("aria-disabled", "true")


def test_server_down_keeps_the_kiosk_screen(kiosk_page, world):
    """The network is up but the server does not answer: a tap stays on the kiosk
    screen (no browser error page), the banner shows, agreeing is disabled, the idle
    timer keeps running; the banner goes once the server answers again."""
    page = kiosk_page()
    page.clock.install()
    idea = world["idea"]
    page.goto(f"/kiosk/ideas/{idea.pk}/")
    page.clock.pause_at(dt.datetime.now(tz=dt.UTC) + dt.timedelta(seconds=1))
    banner = page.locator("#k-offline")
    agree = page.locator(f'a[href="/kiosk/ideas/{idea.pk}/sms/"]')
    expect(banner).to_be_hidden()

    page.context.route("**/*", lambda route: route.abort())
    page.click('.k-actions a[href="/kiosk/ideas/"]')  # "Back to ideas"

    expect(banner).to_be_visible()
    expect(agree).to_have_attribute("aria-disabled", "true")
    assert page.url.endswith(f"/kiosk/ideas/{idea.pk}/")
    expect(page.locator("h1")).to_have_text(idea.title)
    page.click('.k-nav button[lang="en"]')  # a form submit: stays here too
    expect(page.locator("html")).to_have_attribute("lang", "ko")
    assert page.url.endswith(f"/kiosk/ideas/{idea.pk}/")

    page.clock.run_for(60_000)  # the idle reset still counts
    expect(page.locator("#k-idle")).to_be_visible()
    page.click("[data-idle-more]")
    expect(page.locator("#k-idle")).to_be_hidden()

    page.context.unroute("**/*")
    page.clock.run_for(5_000)  # the next reachability check
    expect(banner).to_be_hidden()
    expect(agree).not_to_have_attribute("aria-disabled", "true")
    page.click('.k-actions a[href="/kiosk/ideas/"]')
    page.wait_for_url("**/kiosk/ideas/")


@pytest.mark.parametrize("viewport", [PORTRAIT, TABLET], ids=["1080x1920", "768x1024"])
def test_every_screen_has_large_targets_and_passes_axe(
    kiosk_page, new_context, world, axe, viewport
):
    page = kiosk_page(viewport)
    pk = world["idea"].pk
    for path in [
        "/kiosk/",
        "/kiosk/ideas/",
        "/kiosk/categories/",
        f"/kiosk/ideas/{pk}/",
        f"/kiosk/ideas/{pk}/sms/",
        f"/kiosk/ideas/{pk}/phone/",
        "/kiosk/propose/",
        "/kiosk/propose/?word=환승",
        "/kiosk/propose/phone/",
        "/kiosk/help/",
    ]:
        page.goto(path)
        check(page, axe, f"{path} at {viewport}")
    # High-contrast and large-text modes.
    page.goto(f"/kiosk/ideas/{pk}/")
    page.click('[data-toggle="contrast"]')
    page.click('[data-toggle="large"]')
    expect(page.locator('[data-toggle="large"]')).to_have_attribute(
        "aria-pressed", "true"
    )
    check(page, axe, "detail, high contrast and large text")
    # The idle warning, opened as kiosk.js opens it.
    page.evaluate("document.getElementById('k-idle').showModal()")
    check(page, axe, "idle warning")
    # The enrollment page of a new device.
    fresh = new_context(viewport=viewport).new_page()
    fresh.goto("/kiosk/")
    fresh.wait_for_url("**/kiosk/enroll/")
    check(fresh, axe, "enroll")


# Headless Chromium has no voices: a stand-in speechSynthesis with one Korean voice
# that records what the kiosk says (and in which language) in window.__spoken.
FAKE_SPEECH_JS = """(() => {
  const voice = {name: 'Test Korean', lang: 'ko-KR', default: true, localService: true,
                 voiceURI: 'test-ko'};
  window.__spoken = [];
  const synth = {
    speaking: false, pending: false, paused: false,
    getVoices: () => [voice],
    speak: (utterance) => window.__spoken.push(
      {text: String(utterance.text), lang: String(utterance.lang || '')}),
    cancel: () => {}, pause: () => {}, resume: () => {},
    addEventListener: () => {}, removeEventListener: () => {},
  };
  Object.defineProperty(window, 'speechSynthesis', {value: synth, configurable: true});
  window.SpeechSynthesisUtterance = function (text) {
    this.text = text; this.lang = ''; this.voice = null;
  };
})();"""


def test_audio_guidance_reads_the_screen_in_the_current_language(kiosk_page, world):
    page = kiosk_page(PORTRAIT)
    page.context.add_init_script(FAKE_SPEECH_JS)
    page.goto("/kiosk/")
    audio = page.locator('[data-toggle="audio"]')
    expect(audio).to_be_visible()
    assert page.evaluate("window.__spoken") == []  # silent until a person asks

    audio.click()
    expect(audio).to_have_attribute("aria-pressed", "true")
    page.wait_for_function("() => window.__spoken.length > 0")
    spoken = page.evaluate("window.__spoken")
    heading = page.locator("h1").inner_text().strip()
    assert heading
    assert any(heading in item["text"] for item in spoken), spoken
    assert all(item["lang"].startswith("ko") for item in spoken), spoken

    # In English (audio stays on across pages): the new screen is read in English.
    page.click('.k-nav button[lang="en"]')
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.wait_for_function("() => window.__spoken.length > 0")
    english = page.locator("h1").inner_text().strip()
    page.wait_for_function(
        "(h) => window.__spoken.some((item) => item.text.includes(h))", arg=english
    )
    spoken = page.evaluate("window.__spoken")
    assert all(item["lang"].startswith("en") for item in spoken), spoken


NAV = ".k-nav"


@pytest.mark.parametrize("viewport", [PORTRAIT, TABLET], ids=["1080x1920", "768x1024"])
def test_primary_controls_are_in_the_lower_half(kiosk_page, world, viewport):
    """Reachable from a wheelchair: the start/agree buttons and the kiosk menu start
    in the lower half of the screen."""
    page = kiosk_page(viewport)
    pk = world["idea"].pk
    half = viewport["height"] / 2
    screens = {
        "/kiosk/": ["[data-start-session]", NAV],
        "/kiosk/ideas/": [NAV],
        f"/kiosk/ideas/{pk}/": [
            f'a[href="/kiosk/ideas/{pk}/phone/"]',
            f'a[href="/kiosk/ideas/{pk}/sms/"]',
            NAV,
        ],
    }
    for path, selectors in screens.items():
        page.goto(path)
        for selector in selectors:
            control = page.locator(selector)
            expect(control).to_have_count(1)
            expect(control).to_be_visible()
            box = control.bounding_box()
            assert box is not None
            assert box["y"] >= half, (
                f"{selector} on {path} at {viewport} starts at y={box['y']}, "
                f"above {half}"
            )


@pytest.mark.parametrize("viewport", [PORTRAIT, TABLET], ids=["1080x1920", "768x1024"])
def test_a_station_without_ideas_of_its_own_offers_the_whole_city(
    kiosk_page, world, axe, viewport
):
    from proposals.models import Proposal, ProposalImage
    from tests.districts import seeded_district

    # given every open idea is from another district, one of them with a photo
    elsewhere = seeded_district("mapo")
    assert elsewhere != world["kiosk"].district
    Proposal.objects.update(district=elsewhere)
    ProposalImage.objects.create(
        proposal=world["idea"],
        image="proposals/full.jpg",
        thumbnail_small="proposals/small.jpg",
        alt_text="환승 통로",
        width=1200,
        height=675,
    )
    page = kiosk_page(viewport)

    # when the list is shown, it says so and offers the whole city
    page.goto("/kiosk/ideas/")
    expect(page.get_by_test_id("near-empty")).to_be_visible()
    expect(page.get_by_test_id("kiosk-card-image")).to_have_attribute(
        "alt", "환승 통로"
    )
    check(page, axe, f"list without nearby ideas at {viewport}")
    page.get_by_test_id("citywide-link").click()
    page.wait_for_url("**/kiosk/ideas/?scope=city")
    expect(page.get_by_test_id("citywide-ideas")).to_contain_text(world["idea"].title)
    check(page, axe, f"citywide list at {viewport}")

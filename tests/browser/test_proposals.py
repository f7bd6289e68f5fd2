"""A citizen submits an idea with a photo, sees the similar-ideas hint, finds the idea by
district and by Korean searches, comments and follows; axe on list, detail and submit."""

import re

import pytest
from playwright.sync_api import expect

from proposals.models import Comment, Follow, Proposal, Stage
from tests.accounts.factories import UserFactory
from tests.proposals.factories import CategoryFactory, ProposalFactory, image_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_submit_find_comment_and_follow(
    new_context, live_server, axe, districts, signed_in_page
):
    # given ideas of other people, one of them about bicycles elsewhere
    transport = CategoryFactory(slug="transport", name_ko="교통", name_en="Transport")
    ProposalFactory(
        title="자전거 보관소 설치",
        summary="역 앞에 자전거를 세울 곳이 필요합니다",
        category=transport,
        district=districts["gangnam"],
        language="ko",
    )
    ProposalFactory(
        title="도서관 야간 개방",
        summary="시험 기간에 늦게까지 열어 주세요",
        category=transport,
        district=districts["mapo"],
        language="ko",
    )
    citizen = UserFactory(display_name="브라우저 시민")
    page = signed_in_page(citizen)

    # when the citizen writes an idea, step by step, on a phone-sized screen
    page.goto("/proposals/new/")
    axe(page, "submit page")
    page.fill("#id_title", "자전거 도로 확충")
    # then ideas like it are suggested while typing the title
    hint = page.get_by_test_id("similar-ideas")
    expect(hint).to_contain_text("자전거 보관소 설치")
    expect(hint).not_to_contain_text("도서관")
    page.fill("#id_summary", "한강까지 끊기지 않는 자전거 도로를 만들어 주세요")
    expect(page.locator("#id_problem")).to_be_hidden()
    page.click("[data-step-next]")
    page.fill("#id_problem", "자전거 도로가 세 번이나 끊깁니다")
    page.fill("#id_solution", "끊긴 구간을 분리형 도로로 잇습니다")
    page.click("[data-step-next]")
    page.select_option("#id_category", str(transport.pk))
    page.select_option("#id_district", str(districts["mapo"].pk))
    page.fill("#id_place_name", "망원역")
    page.click("[data-step-next]")
    page.set_input_files(
        "#id_image",
        files=[
            {
                "name": "bike-lane.jpg",
                "mimeType": "image/jpeg",
                "buffer": image_bytes("JPEG", size=(900, 600)),
            }
        ],
    )
    page.fill("#id_alt_text", "중간에 끊긴 자전거 도로")
    page.click("[data-step-next]")
    expect(page.locator("[data-preview]")).to_contain_text("자전거 도로 확충")
    axe(page, "submit page, preview step")
    page.click("button[name=action][value=publish]")

    # then the published idea shows its photo, stage and timeline
    page.wait_for_url(re.compile(r"/proposals/\d+/$"))
    proposal = Proposal.objects.get(title="자전거 도로 확충")
    assert proposal.stage == Stage.OPEN
    expect(page.locator("h1")).to_have_text("자전거 도로 확충")
    expect(page.locator(".gallery img")).to_have_attribute(
        "alt", "중간에 끊긴 자전거 도로"
    )
    expect(page.get_by_test_id("stage")).to_be_visible()
    axe(page, "detail page")

    # when the citizen comments and follows
    page.fill("#id_body", "저도 매일 이 길로 다닙니다")
    page.locator("#comment-form button[type=submit]").click()
    expect(page.locator(".comment-list")).to_contain_text("저도 매일 이 길로 다닙니다")
    page.get_by_test_id("follow").click()
    expect(page.get_by_test_id("unfollow")).to_be_visible()
    assert Comment.objects.filter(proposal=proposal, author=citizen).exists()
    assert Follow.objects.filter(proposal=proposal, user=citizen).exists()

    # and anyone finds the idea by district (htmx updates the results in place)
    visitor = new_context().new_page()
    visitor.goto("/proposals/")
    axe(visitor, "list page")
    results = visitor.locator("#results")
    expect(results).to_contain_text("도서관 야간 개방")
    visitor.select_option("#id_district", "mapo")
    expect(results).not_to_contain_text("자전거 보관소 설치")
    expect(results).to_contain_text("자전거 도로 확충")
    expect(visitor).to_have_url(re.compile(r"district=mapo"))

    # by a Korean search with a particle
    visitor.goto("/proposals/")
    visitor.fill("#id_q", "자전거를")
    visitor.press("#id_q", "Enter")
    expect(results).to_contain_text("자전거 도로 확충")
    expect(results).not_to_contain_text("도서관 야간 개방")

    # and by a compound, without JavaScript's help too
    visitor.goto("/proposals/?q=자전거도로")
    first = visitor.locator("#results [data-testid=proposal-card]").first
    expect(first).to_contain_text("자전거 도로 확충")
    expect(results).not_to_contain_text("도서관 야간 개방")


def test_api_docs_render_under_the_csp(page, live_server):
    blocked = []
    page.on(
        "console",
        lambda message: (
            blocked.append(message.text)
            if "Content Security Policy" in message.text and "script" in message.text
            else None
        ),
    )
    page.goto("/api/v1/docs/")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Oasis API")
    expect(page.locator(".swagger-ui")).to_contain_text("/api/v1/proposals/")
    assert blocked == []

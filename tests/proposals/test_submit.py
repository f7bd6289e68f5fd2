"""The submit form: draft, publish, the first photo, bad input."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from proposals.models import Proposal, ProposalImage, Stage

pytestmark = pytest.mark.django_db


@pytest.fixture
def form_data(category, django_db_blocker):
    from oasis.core.models import District

    return {
        "title": "자전거 도로 확충",
        "summary": "한강까지 이어지는 자전거 도로를 만들어 주세요.",
        "problem": "자전거 도로가 끊겨 있습니다.",
        "solution": "끊긴 구간을 잇습니다.",
        "benefit": "안전한 통근.",
        "category": category.pk,
        "district": District.objects.get(code="mapo").pk,
        "place_name": "합정역",
        "language": "ko",
    }


def test_login_required(client):
    response = client.get(reverse("proposals:proposal-create"))
    assert response.status_code == 302
    assert "/accounts/login/" in response.url


def test_save_draft(client, user, form_data):
    client.force_login(user)
    response = client.post(
        reverse("proposals:proposal-create"), {**form_data, "action": "draft"}
    )
    proposal = Proposal.objects.get()
    assert response.status_code == 302
    assert response.url == proposal.get_absolute_url()
    assert proposal.stage == Stage.DRAFT
    assert proposal.author == user
    assert proposal.place_name == "합정역"


def test_publish_with_a_photo(client, user, form_data, jpeg_upload):
    client.force_login(user)
    response = client.post(
        reverse("proposals:proposal-create"),
        {
            **form_data,
            "action": "publish",
            "image": jpeg_upload(),
            "alt_text": "끊긴 자전거 도로",
        },
    )
    assert response.status_code == 302
    proposal = Proposal.objects.get()
    assert proposal.stage == Stage.OPEN
    assert proposal.images.get().alt_text == "끊긴 자전거 도로"


def test_a_bad_photo_stores_nothing(client, user, form_data):
    client.force_login(user)
    response = client.post(
        reverse("proposals:proposal-create"),
        {
            **form_data,
            "action": "publish",
            "image": SimpleUploadedFile("photo.jpg", b"not an image", "image/jpeg"),
            "alt_text": "x",
        },
    )
    assert response.status_code == 200
    assert response.context["image_form"].errors["image"]
    assert not Proposal.objects.exists()
    assert not ProposalImage.objects.exists()


def test_photo_needs_a_description(client, user, form_data, jpeg_upload):
    client.force_login(user)
    response = client.post(
        reverse("proposals:proposal-create"),
        {**form_data, "action": "draft", "image": jpeg_upload(), "alt_text": ""},
    )
    assert response.status_code == 200
    assert response.context["image_form"].errors["alt_text"]
    assert not Proposal.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("title", ""),
        ("title", "x" * 121),
        ("summary", ""),
        ("summary", "x" * 201),
        ("problem", ""),
        ("solution", ""),
        ("problem", "x" * 5001),
        ("category", ""),
        ("district", ""),
    ],
)
def test_empty_or_too_long_fields_are_refused(client, user, form_data, field, value):
    client.force_login(user)
    response = client.post(
        reverse("proposals:proposal-create"),
        {**form_data, field: value, "action": "publish"},
    )
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Proposal.objects.exists()


def test_errors_are_translated(client, user, form_data):
    client.force_login(user)
    client.cookies["django_language"] = "ko"
    response = client.post(
        reverse("proposals:proposal-create"),
        {**form_data, "title": "", "action": "publish"},
        HTTP_ACCEPT_LANGUAGE="ko",
    )
    assert "필수 항목입니다" in response.text


def test_similar_ideas_hint(client, proposal_factory):
    proposal_factory(title="Safer crossing at the school gate")
    proposal_factory(title="Free concerts in the park")
    response = client.get(
        reverse("proposals:proposal-similar"),
        {"title": "safer crossing"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert "Safer crossing at the school gate" in response.text
    assert "concerts" not in response.text
    assert "<html" not in response.text


def test_similar_ideas_hint_shows_at_most_five(client, proposal_factory):
    for n in range(8):
        proposal_factory(title=f"Bench by the river {n}")
    response = client.get(
        reverse("proposals:proposal-similar"), {"title": "bench river"}
    )
    assert len(response.context["similar"]) == 5


def test_similar_ideas_hint_skips_drafts_and_hidden(client, proposal_factory):
    proposal_factory(title="Bench by the river", stage=Stage.DRAFT)
    proposal_factory(title="Bench by the river", is_hidden=True)
    response = client.get(
        reverse("proposals:proposal-similar"), {"title": "bench river"}
    )
    assert response.context["similar"] == []


def test_similar_ideas_hint_matches_words_of_the_title(client, proposal_factory):
    parking = proposal_factory(title="자전거 보관소 설치", summary="역 앞에 세울 곳")
    proposal_factory(title="도서관 야간 개방", summary="시험 기간에 늦게까지")
    response = client.get(
        reverse("proposals:proposal-similar"), {"title": "자전거 도로 확충"}
    )
    assert response.context["similar"] == [parking]


@pytest.mark.parametrize("size", [(1, 10000), (20000, 1)])
def test_a_photo_no_thumbnail_can_be_made_of_is_refused_and_stores_nothing(
    client, user, form_data, size
):
    from tests.proposals.factories import image_bytes

    client.force_login(user)
    response = client.post(
        reverse("proposals:proposal-create"),
        {
            **form_data,
            "action": "publish",
            "image": SimpleUploadedFile(
                "long.png", image_bytes("PNG", size=size), "image/png"
            ),
            "alt_text": "A long picture",
        },
    )
    assert response.status_code == 200
    assert response.context["image_form"].errors["image"]
    assert not Proposal.objects.exists()
    assert not ProposalImage.objects.exists()

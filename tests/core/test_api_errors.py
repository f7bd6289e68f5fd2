"""Every API documents and builds its refusals with the one error shape."""

import pytest
import yaml

from oasis.core.api import error_body

pytestmark = pytest.mark.django_db


def test_error_body_with_and_without_field_errors():
    assert error_body("not_found", "Nope") == {"code": "not_found", "detail": "Nope"}
    assert error_body("invalid", "", errors={"title": ["Too long."]}) == {
        "code": "invalid",
        "detail": "",
        "errors": {"title": ["Too long."]},
    }


def test_the_schema_has_one_error_component_used_by_every_api(client):
    schema = yaml.safe_load(client.get("/api/v1/schema/").content)

    components = schema["components"]["schemas"]
    assert set(components["ApiError"]["properties"]) == {"code", "detail", "errors"}
    assert not {"Error", "VoteError"} & set(components)
    referring = {
        path.split("/")[3]
        for path, operations in schema["paths"].items()
        for operation in operations.values()
        for response in operation.get("responses", {}).values()
        if "#/components/schemas/ApiError" in str(response)
    }
    assert {"proposals", "kiosk"} <= referring


@pytest.mark.parametrize(
    "path",
    ["/api/v1/nothing-here/", "/api/v1/proposals/not-a-number/vote/", "/api/"],
)
def test_unknown_api_paths_answer_the_json_404_in_production(client, settings, path):
    settings.DEBUG = False

    response = client.get(path, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"code": "not_found", "detail": "Not found."}


def test_unknown_pages_still_answer_the_404_page(client, settings):
    settings.DEBUG = False

    response = client.get("/nothing-here/")

    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_a_refused_input_has_field_errors_and_a_translated_detail(client, user):
    client.force_login(user)

    english = client.post(
        "/api/v1/proposals/",
        {},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    korean = client.post(
        "/api/v1/proposals/",
        {},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="ko",
    )

    assert english.status_code == korean.status_code == 400
    assert english.json()["code"] == "invalid"
    assert "title" in english.json()["errors"]
    assert english.json()["detail"] == "Invalid input."
    assert korean.json()["detail"] not in {"", "Invalid input."}

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

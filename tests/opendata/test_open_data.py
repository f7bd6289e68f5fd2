"""Open data: CSV and JSON of every dataset, columns as the data dictionary says, the right
rows, and no personal data; the same through the API."""

import csv
import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from oasis.opendata import services
from oasis.opendata.datasets import DATASETS, LICENCE
from proposals import services as proposal_services
from proposals.implementation.models import ImplementationUpdate
from proposals.models import Stage
from proposals.reviews.models import Decision, ReviewRound, RoundProposal
from tests.voting.factories import add_votes

pytestmark = pytest.mark.django_db


def download(client, name: str, fmt: str):
    response = client.get(f"/open-data/{name}.{fmt}")
    assert response.status_code == 200
    assert response.streaming
    return b"".join(response.streaming_content).decode("utf-8")


def csv_rows(text: str) -> list[dict]:
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))


@pytest.fixture
def programme(proposal_factory, user_factory, staff_user, review_round_factory):
    """Ideas at every visibility, with people whose data must not leak."""
    author = user_factory(
        email="secret.author@example.org",
        display_name="김실명",
        phone_hmac="a" * 64,
        phone_encrypted="gAAAAAencrypted-phone-token",
        phone_last_digits="4321",
    )
    public = proposal_factory(author=author, title="Shade at bus stops")
    answered = proposal_factory(author=author, stage=Stage.IN_REVIEW)
    proposal_factory(author=author, title="Hidden spam", is_hidden=True)
    proposal_factory(author=author, title="Secret draft", stage=Stage.DRAFT)
    proposal_factory(author=author, title="Taken back", stage=Stage.WITHDRAWN)
    formula = proposal_factory(title="=HYPERLINK(1)")
    voters = add_votes(public, 3)
    voters[0].display_name = "이투표"
    voters[0].save(update_fields=["display_name"])
    proposal_services.proposal_transition(
        proposal=public, to=Stage.ARCHIVED, actor=staff_user, reason="Duplicate"
    )
    review_round = review_round_factory(state=ReviewRound.State.PUBLISHED)
    RoundProposal.objects.create(round=review_round, proposal=answered)
    Decision.objects.create(
        round=review_round,
        proposal=answered,
        outcome="selected",
        rationale="Cheap and useful",
        department="Transport",
        budget=5_000_000,
        decided_by=staff_user,
        published_at=answered.created_at,
    )
    internal_round = review_round_factory(state=ReviewRound.State.DECIDED)
    Decision.objects.create(
        round=internal_round,
        proposal=formula,
        outcome="rejected",
        rationale="Still internal",
        decided_by=staff_user,
    )
    ImplementationUpdate.objects.create(
        proposal=answered,
        stage="selected",
        progress=10,
        text="Design",
        author=staff_user,
    )
    services.statistics_refresh()
    people = [author, *voters, staff_user]
    return {
        "public": public,
        "answered": answered,
        "formula": formula,
        "people": people,
    }


EXPECTED_ROWS = {
    "proposals": 3,  # public (archived), answered, formula
    "stage_history": 1,  # public's archiving
    "tallies": 3,
    "agreements_per_day": 1,
    "decisions": 1,
    "implementation": 1,
}


@pytest.mark.parametrize("name", list(DATASETS))
def test_columns_and_counts_of_each_file(client, programme, name):
    columns = DATASETS[name].column_names

    rows = csv_rows(download(client, name, "csv"))
    document = json.loads(download(client, name, "json"))

    assert list(rows[0].keys()) == columns
    assert len(rows) == EXPECTED_ROWS[name]
    assert document["dataset"] == name
    assert document["licence"] == LICENCE
    assert [c["name"] for c in document["columns"]] == columns
    assert len(document["rows"]) == EXPECTED_ROWS[name]
    assert all(list(row) == columns for row in document["rows"])


@pytest.mark.parametrize("name", list(DATASETS))
def test_no_personal_data_in_any_file(client, programme, name):
    secrets = []
    for person in programme["people"]:
        secrets += [person.email, person.display_name, person.public_name]
        if person.phone_hmac:
            secrets += [person.phone_hmac, person.phone_encrypted]
    secrets = [s for s in secrets if s]

    for fmt in ("csv", "json"):
        text = download(client, name, fmt)
        for secret in secrets:
            assert secret not in text, (name, fmt, secret)
        assert "@" not in text
        for forbidden in ("author", "email", "phone", "user", "ip_address", "actor"):
            assert forbidden not in DATASETS[name].column_names


def test_hidden_draft_and_withdrawn_ideas_are_left_out(client, programme):
    titles = {row["title"] for row in csv_rows(download(client, "proposals", "csv"))}

    assert "Shade at bus stops" in titles
    assert not titles & {"Hidden spam", "Secret draft", "Taken back"}


def test_the_figures_match_the_records(client, programme):
    public, answered = programme["public"], programme["answered"]
    proposals = {
        int(row["id"]): row for row in csv_rows(download(client, "proposals", "csv"))
    }
    assert proposals[public.pk]["vote_count"] == "3"
    assert proposals[public.pk]["stage"] == "archived"
    assert proposals[answered.pk]["stage"] == "in_review"

    tallies = json.loads(download(client, "agreements_per_day", "json"))["rows"]
    assert tallies[0]["proposal_id"] == public.pk
    assert tallies[0]["agreements"] == 3

    history = json.loads(download(client, "stage_history", "json"))["rows"]
    assert history == [
        {
            "proposal_id": public.pk,
            "from_stage": "open",
            "to_stage": "archived",
            "changed_at": history[0]["changed_at"],
            "changed_by": "staff",
            "reason": "Duplicate",
        }
    ]

    decisions = json.loads(download(client, "decisions", "json"))["rows"]
    assert [(d["proposal_id"], d["outcome"], d["budget"]) for d in decisions] == [
        (answered.pk, "selected", 5_000_000)
    ]  # the internal decision stays internal


def test_spreadsheets_do_not_run_titles_as_formulas(client, programme):
    titles = {row["title"] for row in csv_rows(download(client, "proposals", "csv"))}
    raw = json.loads(download(client, "proposals", "json"))["rows"]

    assert "'=HYPERLINK(1)" in titles
    assert "=HYPERLINK(1)" in {row["title"] for row in raw}  # JSON keeps the text


def test_downloads_stream_in_a_constant_number_of_queries(client, proposal_factory):
    for _ in range(30):
        proposal_factory()
    with CaptureQueriesContext(connection) as queries:
        text = download(client, "proposals", "csv")
    assert len(csv_rows(text)) == 30
    assert len(queries) <= 2


def test_files_are_attachments_that_any_cache_may_keep(client, programme):
    response = client.get("/open-data/tallies.csv")

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="oasis-tallies.csv"' in response["Content-Disposition"]
    assert "public" in response["Cache-Control"]
    assert LICENCE["url"] in response["Link"]
    assert client.get("/open-data/unknown.csv").status_code == 404


def test_the_index_names_the_licence_and_links_every_file(client):
    html = client.get("/open-data/", HTTP_ACCEPT_LANGUAGE="en").text

    assert "KOGL" in html
    assert f'href="{LICENCE["url"]}"' in html
    for name in DATASETS:
        assert f'href="/open-data/{name}.csv"' in html
        assert f'href="/open-data/{name}.json"' in html


def test_the_dictionary_lists_every_column(client):
    html = client.get("/open-data/dictionary/").text

    for name, dataset in DATASETS.items():
        table = html.split(f'data-testid="dictionary-{name}"', 1)[1].split("</table>")[
            0
        ]
        for column in dataset.columns:
            row = f'<th scope="row"><code>{column.name}</code></th>'
            assert row in table, (name, column.name)


def test_the_api_serves_the_catalogue_and_each_dataset(client, programme):
    catalogue = client.get("/api/v1/open-data/").json()

    assert catalogue["licence"] == LICENCE
    assert [d["name"] for d in catalogue["datasets"]] == list(DATASETS)
    for entry in catalogue["datasets"]:
        assert [c["name"] for c in entry["columns"]] == DATASETS[
            entry["name"]
        ].column_names
        response = client.get(f"/api/v1/open-data/{entry['name']}/")
        assert response.status_code == 200
        document = json.loads(b"".join(response.streaming_content))
        assert len(document["rows"]) == EXPECTED_ROWS[entry["name"]]
        assert entry["csv"].endswith(f"/open-data/{entry['name']}.csv")
    assert client.get("/api/v1/open-data/nothing/").status_code == 404


def test_the_api_schema_documents_the_open_data(client):
    schema = client.get("/api/v1/schema/", HTTP_ACCEPT="application/json")
    assert schema.status_code == 200
    text = schema.content.decode()
    assert "/api/v1/open-data/" in text
    assert "/api/v1/open-data/{name}/" in text

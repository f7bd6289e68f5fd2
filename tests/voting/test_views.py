import csv
import io

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.template import Context, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from proposals.models import Proposal, Stage
from voting import services
from voting.models import Vote
from voting.receipts import vote_receipt

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def agree_url(proposal):
    return reverse("voting:vote-create", args=[proposal.pk])


def retract_url(proposal):
    return reverse("voting:vote-delete", args=[proposal.pk])


def render_area(proposal, user):
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get("/")
    request.user = user or AnonymousUser()
    template = Template('{% include "voting/agreement_area.html" %}')
    return template.render(Context({"proposal": proposal, "request": request}))


def test_agreeing_without_javascript_redirects_back_with_a_message(
    client, proposal, user
):
    client.force_login(user)

    response = client.post(agree_url(proposal))

    assert response.status_code == 302
    assert response["Location"] == proposal.get_absolute_url() + "#agreement"
    assert Vote.objects.filter(proposal=proposal, user=user).exists()
    (message,) = get_messages(response.wsgi_request)
    assert message.level_tag == "success"


def test_agreeing_with_htmx_returns_the_new_status(client, proposal, user):
    client.force_login(user)

    response = client.post(agree_url(proposal), **HTMX)

    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="vote-count">1<' in html
    assert 'data-testid="retract-button"' in html
    vote = Vote.objects.get(proposal=proposal, user=user)
    assert vote_receipt(vote) in html
    # Only the status part, not the whole area.
    assert "<section" not in html


def test_retracting_with_htmx(client, proposal, user):
    services.vote_cast(proposal=proposal, user=user, channel="web")
    client.force_login(user)

    response = client.post(retract_url(proposal), **HTMX)

    html = response.content.decode()
    assert 'data-testid="vote-count">0<' in html
    assert 'data-testid="agree-button"' in html
    assert not Vote.objects.exists()


def test_retracting_without_javascript(client, proposal, user):
    services.vote_cast(proposal=proposal, user=user, channel="web")
    client.force_login(user)

    response = client.post(retract_url(proposal))

    assert response.status_code == 302
    assert not Vote.objects.exists()


def test_anonymous_agreement_goes_to_login_and_back(client, proposal):
    response = client.post(agree_url(proposal))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert "next=" in response["Location"]
    htmx = client.post(agree_url(proposal), **HTMX)
    assert htmx["HX-Redirect"].startswith(reverse("account_login"))
    # After logging in, a GET of the action leads back to the proposal.
    back = client.get(agree_url(proposal))
    assert back["Location"] == proposal.get_absolute_url() + "#agreement"


def test_refusals_are_shown_in_the_status(client, proposal):
    client.force_login(proposal.author)

    response = client.post(agree_url(proposal), **HTMX)

    html = response.content.decode()
    assert "message-error" in html
    assert 'data-testid="own-proposal"' in html
    assert not Vote.objects.exists()


def test_unknown_proposal_is_404(client, user):
    client.force_login(user)
    assert client.post("/proposals/999999/agreement/agree/").status_code == 404


def test_area_for_a_visitor_offers_login(proposal):
    html = render_area(proposal, None)

    assert 'data-testid="login-to-agree"' in html
    # No agreements yet: a sentence instead of an empty chart and a table of zeros.
    assert 'data-testid="agreement-chart-empty"' in html
    assert "<svg" not in html
    assert "<table>" not in html


def test_area_links_to_verification_when_that_blocks(proposal, user_factory, settings):
    unverified = user_factory(verified_email=False)

    html = render_area(proposal, unverified)

    assert 'data-testid="verify-to-agree"' in html
    assert reverse("account_email") in html
    assert reverse("accounts:phone-start") in html
    assert 'data-testid="agree-button"' not in html

    settings.VOTE_REQUIRES_PHONE = True
    verified_email_only = user_factory()
    html = render_area(proposal, verified_email_only)
    assert reverse("accounts:phone-start") in html
    assert reverse("account_email") not in html


def test_area_shows_progress_days_left_and_my_receipt(
    proposal_factory, user, user_factory
):
    proposal = proposal_factory(threshold=4)
    services.vote_cast(proposal=proposal, user=user, channel="web")
    vote = Vote.objects.get()

    html = render_area(Proposal.objects.get(pk=proposal.pk), user)

    assert 'data-testid="vote-count">1<' in html
    assert 'value="25"' in html  # 1 of 4
    assert 'data-testid="days-left"' in html
    assert vote_receipt(vote) in html
    assert 'data-testid="retract-button"' in html


def test_area_of_a_closed_proposal(proposal_factory, user):
    proposal = proposal_factory(stage=Stage.REJECTED)

    html = render_area(proposal, user)

    assert 'data-testid="agreements-closed"' in html
    assert 'data-testid="agree-button"' not in html


def test_area_query_budget(proposal, user, django_assert_max_num_queries):
    # The visitor's vote (1), their email verification (1), the chart (1).
    with django_assert_max_num_queries(3):
        render_area(proposal, user)


def test_chart_counts_agreements_per_day(proposal, vote_factory):
    for _ in range(3):
        vote_factory(proposal=proposal)

    html = render_area(proposal, None)

    assert 'data-testid="agreement-chart"' in html
    assert 'data-testid="agreement-chart-empty"' not in html
    assert 'class="agreement-chart-bar"' in html
    today = timezone.localdate()
    assert f'<time datetime="{today:%Y-%m-%d}">' in html
    assert "<td>3</td>" in html


def test_progress_snippet_for_lists(proposal_factory, django_assert_num_queries):
    proposal = proposal_factory(threshold=10, vote_count=3)
    template = Template('{% include "voting/progress.html" %}')

    with django_assert_num_queries(0):
        html = template.render(Context({"proposal": proposal}))

    assert "<strong>3</strong>" in html
    assert 'value="30"' in html


def test_tally_export_lists_receipts_and_total_revealing_nobody(
    client, proposal, user_factory
):
    voters = user_factory.create_batch(3)
    for voter in voters:
        services.vote_cast(proposal=proposal, user=voter, channel="web")

    response = client.get(reverse("voting:tally-export", args=[proposal.pk]))

    assert response["Content-Type"].startswith("text/csv")
    body = b"".join(response.streaming_content).decode()
    rows = list(csv.reader(io.StringIO(body)))
    assert ["total", "3"] in rows
    assert ["vote_count", "3"] in rows
    codes = rows[rows.index(["receipt_code"]) + 1 :]
    expected = sorted(vote_receipt(v) for v in Vote.objects.all())
    assert [row[0] for row in codes] == expected
    for voter in voters:
        assert voter.email not in body
        assert str(voter.pk) not in [row[0] for row in codes]


def test_staff_advance_page(client, proposal, staff_user, user):
    url = reverse("voting:proposal-advance", args=[proposal.pk])
    client.force_login(user)
    assert client.get(url).status_code == 403

    client.force_login(staff_user)
    assert client.get(url).status_code == 200
    empty = client.post(url, {"reason": ""})
    assert empty.status_code == 200
    assert Proposal.objects.get(pk=proposal.pk).stage == Stage.OPEN

    response = client.post(url, {"reason": "The agenda panel finds it urgent."})

    assert response.status_code == 302
    assert Proposal.objects.get(pk=proposal.pk).stage == Stage.IN_REVIEW


def test_web_vote_query_budget(client, proposal, user, django_assert_max_num_queries):
    client.force_login(user)
    # session (1), user (1), email check (1), row lock with "already agreed?" (1),
    # insert (1), counter (1). vote_cast sets no savepoint, inside the test's
    # transaction or not.
    with django_assert_max_num_queries(6):
        client.post(agree_url(proposal), **HTMX)
    assert Vote.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_web_vote_costs_at_most_8_queries_in_its_own_transaction(
    client, proposal_factory, user_factory
):
    proposal = proposal_factory()
    user = user_factory()
    client.force_login(user)
    # Budget 8 for an agreement; spent: session (1), user (1), email check (1), row lock with
    # the "already agreed?" check (1), insert (1), counter (1). BEGIN and COMMIT are not
    # queries (SQLite logs them, PostgreSQL does not).
    with CaptureQueriesContext(connection) as captured:
        response = client.post(agree_url(proposal), **HTMX)
    queries = [
        q["sql"]
        for q in captured.captured_queries
        if q["sql"] not in ("BEGIN", "COMMIT")
    ]
    assert len(queries) <= 6, "\n".join(queries)
    assert response.status_code == 200
    assert Vote.objects.count() == 1


def test_phone_users_skip_the_email_check(
    client, proposal, user_factory, django_assert_max_num_queries, settings
):
    settings.VOTE_REQUIRES_PHONE = True
    person = user_factory(phone_verified_at=timezone.now())
    client.force_login(person)
    # As test_web_vote_query_budget, without the email check.
    with django_assert_max_num_queries(5):
        client.post(agree_url(proposal), **HTMX)
    assert Vote.objects.count() == 1


def test_the_detail_page_carries_the_agreement_area(client, proposal, user):
    client.force_login(user)

    response = client.get(proposal.get_absolute_url())

    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="agreement-area"' in html
    assert 'data-testid="agree-button"' in html
    assert "js/voting.js" in html


def test_area_fragment_for_htmx_refresh(client, proposal):
    response = client.get(reverse("voting:agreement-area", args=[proposal.pk]))
    assert response.status_code == 200
    assert 'data-testid="agreement-area"' in response.content.decode()

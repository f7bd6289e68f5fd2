import pytest

from oasis.opendata import services
from tests.proposals.factories import ProposalFactory

pytestmark = pytest.mark.django_db


def test_the_home_page_shows_the_key_figures_of_the_snapshot(client):
    ProposalFactory()
    ProposalFactory()
    services.statistics_refresh()
    html = client.get("/").content.decode()
    figures = html.split('data-testid="key-figures"')[1].split("</section>")[0]
    assert "<dd>2</dd>" in figures  # ideas published
    assert 'href="/stats/"' in figures


def test_without_a_snapshot_the_home_page_shows_no_figures(client):
    assert 'data-testid="key-figures"' not in client.get("/").content.decode()

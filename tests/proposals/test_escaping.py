"""HTML typed into any field is shown as text."""

import pytest

from proposals.services import comment_create

pytestmark = pytest.mark.django_db

EVIL = '<script>alert("x")</script><b>bold</b>'


def test_html_is_escaped_everywhere(client, proposal_factory, user2):
    proposal = proposal_factory(
        title=EVIL[:120],
        summary=EVIL,
        problem=EVIL,
        solution=EVIL,
        benefit=EVIL,
        place_name=EVIL,
    )
    comment_create(proposal=proposal, author=user2, body=EVIL)
    for url in ["/proposals/", proposal.get_absolute_url(), "/"]:
        text = client.get(url).text
        assert "<script>alert" not in text, url
        assert "<b>bold</b>" not in text, url
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in text, url

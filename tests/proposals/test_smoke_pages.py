import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_pages_render(client, user, open_proposal, comment_factory):
    comment_factory(proposal=open_proposal)
    client.force_login(user)
    for url in [
        reverse("proposals:proposal-list"),
        reverse("proposals:proposal-create"),
        open_proposal.get_absolute_url(),
        reverse("proposals:proposal-mine"),
        reverse("proposals:proposal-following"),
        reverse("home"),
        reverse("proposals:proposal-similar") + "?title=Idea",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url

"""Publishing copies the category's threshold and window."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from oasis.core.errors import InvalidTransition, NotAllowed
from proposals.models import Stage, StageChange
from proposals.services import proposal_publish

pytestmark = pytest.mark.django_db
SEOUL = ZoneInfo("Asia/Seoul")


def test_publish_copies_threshold_and_window(draft, user):
    draft.category.threshold = 77
    draft.category.window_days = 10
    draft.category.save()
    # 23:30 in Seoul on 1 March is still 1 March there (14:30 UTC).
    with time_machine.travel(dt.datetime(2026, 3, 1, 23, 30, tzinfo=SEOUL), tick=False):
        proposal_publish(proposal=draft, actor=user)
    draft.refresh_from_db()
    assert draft.stage == Stage.OPEN
    assert draft.threshold == 77
    ends = draft.voting_ends_at.astimezone(SEOUL)
    assert (ends.date(), ends.hour, ends.minute) == (dt.date(2026, 3, 11), 23, 59)
    assert draft.published_at == dt.datetime(2026, 3, 1, 23, 30, tzinfo=SEOUL)
    change = StageChange.objects.get(proposal=draft)
    assert (change.from_stage, change.to_stage) == ("draft", "open")


def test_later_category_changes_do_not_affect_published_ideas(draft, user):
    proposal_publish(proposal=draft, actor=user)
    draft.refresh_from_db()
    threshold, ends = draft.threshold, draft.voting_ends_at
    draft.category.threshold = 999
    draft.category.window_days = 90
    draft.category.save()
    draft.refresh_from_db()
    assert (draft.threshold, draft.voting_ends_at) == (threshold, ends)


def test_only_the_author_publishes(draft, user2):
    with pytest.raises(NotAllowed):
        proposal_publish(proposal=draft, actor=user2)
    draft.refresh_from_db()
    assert draft.stage == Stage.DRAFT
    assert draft.published_at is None


def test_only_a_draft_is_published(open_proposal, user):
    with pytest.raises(InvalidTransition):
        proposal_publish(proposal=open_proposal, actor=user)


def test_publish_view(client, draft, user):
    client.force_login(user)
    response = client.post(f"/proposals/{draft.pk}/publish/")
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.stage == Stage.OPEN


def test_publish_view_refuses_others(client, draft, user2):
    client.force_login(user2)
    assert client.post(f"/proposals/{draft.pk}/publish/").status_code == 403
    draft.refresh_from_db()
    assert draft.stage == Stage.DRAFT


def test_a_draft_is_private(client, draft, user, user2):
    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(user2)
    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(user)
    response = client.get(draft.get_absolute_url())
    assert response.status_code == 200
    assert "Preview of your draft" in response.text or "미리 보기" in response.text

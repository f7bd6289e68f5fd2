"""The administration of every implementation model renders, read-only."""

import pytest
from django.apps import apps
from django.urls import reverse

from proposals.implementation.services import (
    implementation_update_post,
    interim_answer_publish,
    milestone_save,
)
from proposals.lifecycle import NEXT_IMPLEMENTATION_STAGE
from proposals.reviews.services.decisions import decision_record
from proposals.reviews.services.publishing import round_publish
from proposals.reviews.services.rounds import round_close

pytestmark = pytest.mark.django_db


def test_every_changelist_and_change_page(
    client, staff_user, panel_round, in_review_proposal
):
    review_round, ideas, _people = panel_round()
    round_close(review_round=review_round, actor=staff_user)
    for idea in ideas:
        decision_record(
            review_round=review_round,
            proposal=idea,
            actor=staff_user,
            outcome="selected",
            rationale="Useful.",
            department="Parks",
        )
    round_publish(review_round=review_round, actor=staff_user)
    idea = ideas[0]
    idea.refresh_from_db()
    milestone_save(proposal=idea, actor=staff_user, title="Design")
    implementation_update_post(
        proposal=idea,
        actor=staff_user,
        text="Started.",
        progress=10,
        move_to=NEXT_IMPLEMENTATION_STAGE[idea.stage],
    )
    interim_answer_publish(proposal=in_review_proposal, text="Soon.", actor=staff_user)
    client.force_login(staff_user)
    models = list(apps.get_app_config("implementation").get_models())
    assert models
    for model in models:
        opts = model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        assert client.get(url).status_code == 200, url
        obj = model.objects.first()
        if obj is not None:
            change = reverse(
                f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]
            )
            assert client.get(change).status_code == 200, change

"""The administration of every review model renders; profiles go through the service."""

import pytest
from django.apps import apps
from django.urls import reverse

from oasis.accounts.models import REVIEWERS_GROUP
from proposals.reviews.models import ReviewerProfile
from tests.reviews.conftest import submit

pytestmark = pytest.mark.django_db


def test_every_changelist_and_change_page(client, staff_user, panel_round):
    review_round, _ideas, _people = panel_round()
    for assignment in review_round.assignments.select_related("round", "reviewer"):
        submit(assignment)
    client.force_login(staff_user)
    for model in apps.get_app_config("reviews").get_models():
        opts = model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        assert client.get(url).status_code == 200, url
        obj = model.objects.first()
        if obj is not None:
            change = reverse(
                f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]
            )
            assert client.get(change).status_code == 200, change


def test_criteria_are_frozen_once_the_round_opens(client, staff_user, panel_round):
    review_round, _ideas, _people = panel_round()
    criterion = review_round.criteria.first()
    client.force_login(staff_user)
    url = reverse("admin:reviews_criterion_change", args=[criterion.pk])
    response = client.post(url, {"weight": "9", "key": criterion.key})
    assert response.status_code == 403
    criterion.refresh_from_db()
    assert criterion.weight != 9


def test_adding_a_profile_in_the_admin_makes_a_reviewer(client, staff_user, user):
    client.force_login(staff_user)
    response = client.post(
        reverse("admin:reviews_reviewerprofile_add"),
        {"user": user.pk, "default_group": "official", "organisation": "Seoul"},
    )
    assert response.status_code == 302
    assert ReviewerProfile.objects.get(user=user).default_group == "official"
    assert user.groups.filter(name=REVIEWERS_GROUP).exists()

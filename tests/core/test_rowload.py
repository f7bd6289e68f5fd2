"""RowLoader: the same instance as the ORM's get(), from SQL compiled once."""

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.utils import timezone

from oasis.accounts.sessions import SessionStore
from oasis.core.rowload import RowLoader
from proposals.models import Proposal
from tests.proposals.factories import ProposalFactory

pytestmark = pytest.mark.django_db


def _fields(instance):
    return {
        field.attname: getattr(instance, field.attname)
        for field in instance._meta.concrete_fields
    }


def test_a_proposal_loads_as_the_orm_loads_it():
    created = ProposalFactory(latitude=Decimal("37.5665"), longitude=Decimal("126.978"))
    loader = RowLoader(Proposal)

    loaded = loader.get(created.pk)

    assert _fields(loaded) == _fields(Proposal.objects.get(pk=created.pk))
    assert isinstance(loaded.latitude, Decimal)
    assert loaded.created_at.tzinfo is not None
    assert loaded._state.adding is False


def test_missing_and_malformed_keys_give_none(user):
    loader = RowLoader(get_user_model())

    assert loader.get(user.pk).email == user.email
    assert loader.get(str(user.pk)).pk == user.pk
    assert loader.get(user.pk + 1000) is None
    assert loader.get("not-a-number") is None
    assert loader.get(None) is None


def test_an_expired_session_is_no_session(client, user):
    client.force_login(user)
    key = client.cookies["sessionid"].value
    assert SessionStore(key).get("_auth_user_id") == str(user.pk)

    Session.objects.filter(pk=key).update(
        expire_date=timezone.now() - dt.timedelta(seconds=1)
    )

    assert SessionStore(key).get("_auth_user_id") is None
    assert client.get("/notifications/").status_code == 302  # to the login page

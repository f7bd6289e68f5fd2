"""Authentication backends whose get_user, run on every signed-in request, reads the user
with SQL compiled once per process (oasis.core.rowload) instead of on every call."""

from functools import cache

from allauth.account import auth_backends as allauth_backends
from django.contrib.auth import backends as django_backends
from django.contrib.auth import get_user_model

from oasis.core.rowload import RowLoader


@cache
def _user_loader() -> RowLoader:
    return RowLoader(get_user_model())


class PrecompiledUserMixin:
    def get_user(self, user_id):
        user = _user_loader().get(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None


class ModelBackend(PrecompiledUserMixin, django_backends.ModelBackend):
    """Django's username/email and password backend (also the admin's)."""


class AuthenticationBackend(
    PrecompiledUserMixin, allauth_backends.AuthenticationBackend
):
    """allauth's backend (login by email, by code, by social account)."""

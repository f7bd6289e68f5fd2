"""Sessions in the database (DESIGN §7: they survive a cache outage), read with SQL
compiled once per process instead of on every request (docs/performance.md)."""

import logging
from functools import cache

from django.contrib.sessions.backends import db
from django.core.exceptions import SuspiciousOperation
from django.utils import timezone

from oasis.core.rowload import RowLoader


@cache
def _session_loader(model) -> RowLoader:
    return RowLoader(model)


class SessionStore(db.SessionStore):
    def _get_session_from_db(self):
        try:
            session = _session_loader(self.model).get(self.session_key)
        except SuspiciousOperation as error:
            logging.getLogger(f"django.security.{error.__class__.__name__}").warning(
                str(error)
            )
            session = None
        if session is None or session.expire_date <= timezone.now():
            self._session_key = None
            return None
        return session

"""System checks: Korean search needs a UTF-8 PostgreSQL database."""

from django.core import checks
from django.db import connections
from django.db.utils import DatabaseError


@checks.register(checks.Tags.database)
def check_database_is_utf8(app_configs=None, databases=None, **kwargs):
    """pg_trgm ignores Korean letters unless the database encoding and character type
    are UTF-8."""
    errors = []
    for alias in databases or []:
        connection = connections[alias]
        if connection.vendor != "postgresql":
            continue
        try:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_encoding_to_char(encoding), datctype "
                    "FROM pg_database WHERE datname = current_database()"
                )
                encoding, ctype = cursor.fetchone()
        except DatabaseError as error:  # pragma: no cover - unreachable database
            return [
                checks.Warning(
                    f"Could not read the encoding of database {alias!r}: {error}",
                    id="proposals.W001",
                )
            ]
        errors.extend(utf8_errors(alias, encoding, ctype))
    return errors


def utf8_errors(alias: str, encoding: str, ctype: str) -> list[checks.CheckMessage]:
    normalised = (ctype or "").lower().replace("-", "")
    if encoding.upper() == "UTF8" and "utf8" in normalised:
        return []
    return [
        checks.Error(
            f"Database {alias!r} has encoding {encoding!r} and character type "
            f"{ctype!r}; Korean search needs UTF8 with a UTF-8 character type.",
            hint="Create the database with ENCODING 'UTF8' LC_CTYPE 'C.UTF-8' "
            "(or another UTF-8 locale) TEMPLATE template0.",
            id="proposals.E001",
        )
    ]

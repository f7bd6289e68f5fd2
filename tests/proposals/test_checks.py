import pytest

from proposals.checks import check_database_is_utf8, utf8_errors


@pytest.mark.parametrize(
    ("encoding", "ctype"),
    [("UTF8", "C.UTF-8"), ("UTF8", "en_US.UTF-8"), ("UTF8", "ko_KR.utf8")],
)
def test_utf8_databases_pass(encoding, ctype):
    assert utf8_errors("default", encoding, ctype) == []


@pytest.mark.parametrize(
    ("encoding", "ctype"),
    [("SQL_ASCII", "C"), ("UTF8", "C"), ("UTF8", "POSIX"), ("EUC_KR", "ko_KR.euckr")],
)
def test_other_databases_fail_the_check(encoding, ctype):
    (error,) = utf8_errors("default", encoding, ctype)
    assert error.id == "proposals.E001"
    assert error.is_serious()


@pytest.mark.django_db
def test_the_check_skips_sqlite_and_reads_postgresql(django_db_setup):
    from django.db import connection

    errors = check_database_is_utf8(databases=["default"])
    if connection.vendor != "postgresql":
        assert errors == []
    else:
        assert errors == []  # the test database is created UTF-8 (CI and local)


def test_the_check_is_registered():
    from django.core import checks

    assert check_database_is_utf8 in checks.registry.registry.get_checks(
        include_deployment_checks=False
    )

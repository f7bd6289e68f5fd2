"""seed_demo: idempotent demo data; never in production."""

import os
import subprocess
import sys

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.conf import settings
from django.core.management import CommandError, call_command

from oasis.accounts.demo import DEMO_ACCOUNTS
from oasis.accounts.models import User

pytestmark = pytest.mark.django_db


# Each run prints a fresh one-time kiosk enrollment code (only its hash is stored, so an
# earlier one cannot be shown again); issuing it is audited. Everything else stays put.
FRESH_EACH_RUN = {"kiosks.EnrollmentCode", "core.AuditEvent"}


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if not model._meta.proxy and model._meta.label not in FRESH_EACH_RUN
    }


def test_seed_demo_twice_gives_the_same_rows(capsys):
    call_command("seed_demo")
    first = row_counts()
    call_command("seed_demo")

    assert row_counts() == first
    emails = [account["email"] for account in DEMO_ACCOUNTS]
    assert User.objects.filter(email__in=emails).count() == len(DEMO_ACCOUNTS)


def test_demo_accounts_can_log_in_with_the_readme_passwords(client):
    call_command("seed_demo")

    # Staff land on the console, reviewers on their reviews, citizens at home.
    landing = {"staff@oasis.local": "/staff/", "reviewer@oasis.local": "/review/"}
    for account in DEMO_ACCOUNTS:
        email, password = account["email"], account["password"]
        client.logout()
        response = client.post(
            "/accounts/login/", {"login": email, "password": password}
        )
        assert response.status_code == 302, email
        assert response["Location"] == landing.get(email, "/"), email


def test_demo_roles():
    call_command("seed_demo")

    staff = User.objects.get(email="staff@oasis.local")
    reviewer = User.objects.get(email="reviewer@oasis.local")
    citizen = User.objects.get(email="citizen@oasis.local")
    assert (staff.is_staff, staff.is_superuser) == (True, True)
    assert (reviewer.is_reviewer, reviewer.is_staff) == (True, False)
    assert (citizen.has_verified_phone, citizen.is_staff) == (True, False)
    emails = [account["email"] for account in DEMO_ACCOUNTS]
    assert EmailAddress.objects.filter(email__in=emails, verified=True).count() == len(
        DEMO_ACCOUNTS
    )


def test_seed_demo_refuses_to_run_in_production(settings):
    settings.PRODUCTION = True

    with pytest.raises(CommandError, match="production"):
        call_command("seed_demo")

    assert not User.objects.exists()


# A fresh migrate and the whole demo in subprocesses: longer than the suite's default.
@pytest.mark.timeout(600)
@pytest.mark.django_db(transaction=False)
def test_make_run_output_is_not_flooded_with_demo_mail(tmp_path):
    # As `make run` does it: a fresh database, mail printed to the console.
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'demo.sqlite3'}",
        "EMAIL_URL": "consolemail://",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "REDIS_URL": "",
        "DJANGO_ENV": "development",
        "SITE_URL": "http://127.0.0.1:8613",
    }
    manage = [sys.executable, str(settings.BASE_DIR / "manage.py")]
    subprocess.run([*manage, "migrate", "-v0"], env=env, check=True, timeout=300)

    seeded = subprocess.run(
        [*manage, "seed_demo"], env=env, capture_output=True, text=True, timeout=300
    )

    assert seeded.returncode == 0, seeded.stderr
    assert "Subject:" not in seeded.stdout + seeded.stderr
    # The enrol URL is the last line, on the site's own address.
    last = seeded.stdout.strip().splitlines()[-1]
    assert "http://127.0.0.1:8613/kiosk/enroll/?code=" in last
    again = subprocess.run(
        [*manage, "kiosk_enrol_url"], env=env, capture_output=True, text=True
    )
    assert again.returncode == 0, again.stderr
    assert "http://127.0.0.1:8613/kiosk/enroll/?code=" in again.stdout

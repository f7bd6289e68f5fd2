from importlib import import_module

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings

# The demo people live at @oasis.local: the mail that seeding triggers (comments, stage
# changes) goes nowhere instead of flooding the console and hiding the kiosk's enrol URL.
QUIET_MAIL = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}

# Each module has seed(stdout) and is safe to run again (idempotent). Later apps add theirs.
DEMO_MODULES = [
    "oasis.accounts.demo",
    "proposals.demo",
    "voting.demo",
    "proposals.reviews.demo",
    "proposals.implementation.demo",
    "kiosks.demo",
    "oasis.opendata.demo",
]


class Command(BaseCommand):
    help = "Load demo accounts and content (idempotent; refuses to run in production)."

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError("seed_demo refuses to run with DJANGO_ENV=production.")
        self.stdout.write("Seeding demo data…")
        with override_settings(MAILERS=QUIET_MAIL), transaction.atomic():
            for name in DEMO_MODULES:
                import_module(name).seed(self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data ready."))

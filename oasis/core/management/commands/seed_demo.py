from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from kiosks import demo as kiosks_demo
from oasis.accounts import demo as accounts_demo
from oasis.notifications.models import Delivery, NotificationEvent
from oasis.notifications.services import deliveries_skip_pending, events_fan_out_now
from oasis.opendata import demo as opendata_demo
from proposals import demo as proposals_demo
from proposals.implementation import demo as implementation_demo
from proposals.reviews import demo as reviews_demo
from voting import demo as voting_demo
from voting.budgets import demo as budgets_demo


class Command(BaseCommand):
    help = "Load demo accounts and content (idempotent; refuses to run in production)."

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError("seed_demo refuses to run with DJANGO_ENV=production.")
        self.stdout.write("Seeding demo data…")
        out = self.stdout
        with transaction.atomic():
            last = Delivery.objects.order_by("-pk").values_list("pk", flat=True)
            before = last.first() or 0
            events = NotificationEvent.objects.order_by("-pk").values_list(
                "pk", flat=True
            )
            events_before = events.first() or 0
            accounts_demo.seed(out)
            # The demo agreements are cast while the ideas still accept them.
            proposals_demo.seed(out, before_outcomes=voting_demo.seed)
            reviews_demo.seed(out)
            implementation_demo.seed(out)
            budgets_demo.seed(out)
            kiosks_demo.seed(out)
            opendata_demo.seed(out)
            # The demo's history is not mailed or texted to the demo people: their
            # emails and SMS would flood the console and hide the kiosk's enrol URL.
            events_fan_out_now(after_id=events_before)
            deliveries_skip_pending(after_id=before)
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
        # Last, after the log lines of the work done at commit, so a newcomer sees it.
        kiosk = kiosks_demo.demo_kiosk()
        if kiosk is not None:
            self.stdout.write(kiosks_demo.enrol_instructions(kiosk))

from django.core.management.base import BaseCommand, CommandError

from kiosks import demo


class Command(BaseCommand):
    help = "Print a fresh enrolment URL of the demo kiosk, on SITE_URL (run seed_demo first)."

    def handle(self, *args, **options):
        kiosk = demo.demo_kiosk()
        if kiosk is None:
            raise CommandError("There is no demo kiosk yet: run `manage.py seed_demo`.")
        self.stdout.write(demo.enrol_instructions(kiosk))

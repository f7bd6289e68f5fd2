from django.core.management.base import BaseCommand

from proposals import search
from proposals.models import Proposal


class Command(BaseCommand):
    help = "Re-analyse every proposal's title and summary for search."

    def handle(self, *args, **options):
        count = search.reindex(Proposal.objects.order_by("pk"))
        self.stdout.write(f"{count} proposals indexed for search.")

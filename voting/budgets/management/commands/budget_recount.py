from django.core.management.base import BaseCommand, CommandError

from oasis.core.errors import DomainError
from voting.budgets.models import BudgetRound
from voting.budgets.services import round_count


class Command(BaseCommand):
    help = (
        "Count a budget round's ballots again and store the results; the same ballots "
        "always give the same results."
    )

    def add_arguments(self, parser):
        parser.add_argument("round_id", type=int)

    def handle(self, *args, round_id: int, **options):
        if not BudgetRound.objects.filter(pk=round_id).exists():
            raise CommandError(f"No budget round {round_id}.")
        try:
            outcomes = round_count(budget_round=round_id)
        except DomainError as error:
            raise CommandError(str(error.message)) from error
        for outcome in outcomes:
            self.stdout.write(
                f"{outcome.rank}. project {outcome.project_id}: {outcome.votes} votes"
                + (" — funded" if outcome.funded else "")
            )
        funded = sum(outcome.funded for outcome in outcomes)
        self.stdout.write(self.style.SUCCESS(f"Counted: {funded} project(s) funded."))

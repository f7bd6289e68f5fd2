from django.core.management.base import BaseCommand, CommandError

from voting.services import vote_counts_recount


class Command(BaseCommand):
    help = (
        "Compare every proposal's vote_count with its agreement rows; report drift, "
        "and with --fix repair it. Exits with status 1 when drift remains."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--fix", action="store_true", help="Repair the drifted counters."
        )

    def handle(self, *args, fix: bool = False, **options):
        drifts = vote_counts_recount(fix=fix)
        for drift in drifts:
            self.stdout.write(
                f"proposal {drift.proposal_id}: vote_count {drift.stored}, "
                f"rows {drift.counted} ({drift.counted - drift.stored:+d})"
                + (" — fixed" if fix else "")
            )
        if not drifts:
            self.stdout.write(self.style.SUCCESS("No drift: every vote_count matches."))
        elif fix:
            self.stdout.write(self.style.SUCCESS(f"Fixed {len(drifts)} proposal(s)."))
        else:
            raise CommandError(
                f"{len(drifts)} proposal(s) drifted; run with --fix to repair."
            )

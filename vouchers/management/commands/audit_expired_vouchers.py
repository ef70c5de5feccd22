"""Lists every expired voucher and what happened to its money; exits 1 if any refund is missing."""
from django.core.management.base import BaseCommand, CommandError

from vouchers.expiry import expired_vouchers_audit


class Command(BaseCommand):
    help = ("List every voucher past its validity with its deal's expiry policy and what "
            "happened to the money. Exits with status 1 when a voucher needs attention.")

    def add_arguments(self, parser):
        parser.add_argument("--problems", action="store_true",
                            help="Only list vouchers that need attention.")

    def handle(self, *args, problems: bool = False, **options):
        lines = expired_vouchers_audit()
        flagged = [line for line in lines if line.problem]
        self.stdout.write("voucher\tdeal\texpired\tpolicy\tstatus\toutcome")
        for line in flagged if problems else lines:
            v = line.voucher
            self.stdout.write(
                f"{v.pk}\t{v.deal_id} {v.deal.title}\t{v.valid_until:%Y-%m-%d %H:%M}\t"
                f"{line.policy}\t{v.status}\t{'!! ' if line.problem else ''}{line.outcome}")
        self.stdout.write(f"{len(lines)} expired vouchers, {len(flagged)} need attention.")
        if flagged:
            raise CommandError(f"{len(flagged)} expired vouchers need attention (marked !!).")

"""`manage.py load_demo_data`: the demo marketplace (cities, merchants, stores, deals, three logins)."""
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from marketplace.demo import loader


class Command(BaseCommand):
    help = "Loads a reproducible demo: Lisbon and Porto, ~40 merchants, ~80 stores, deals with photos."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=42, help="Same seed, same data (default 42).")
        parser.add_argument("--deals", type=int, default=90,
                            help="How many deals (default 90; at most one per merchant and deal idea).")
        parser.add_argument("--if-empty", action="store_true",
                            help="Do nothing when there are deals already.")
        parser.add_argument("--logins", action="store_true",
                            help="Only print the demo logins (with the demo merchant's name).")

    def handle(self, *args, seed, deals, if_empty, logins, **options):
        if logins:
            self.stdout.write(f"Demo logins (password for all: {loader.DEMO_PASSWORD})")
            for who, email in loader.demo_logins():
                self.stdout.write(f"  {who:<40} {email}")
            return
        if deals < 1:
            raise CommandError("--deals must be at least 1.")
        if if_empty and loader.demo_has_deals():
            self.stdout.write("Deals exist already: demo data not loaded (--if-empty).")
            return
        quiet = options["verbosity"] < 1
        summary = loader.demo_load(
            seed=seed, deals=deals,
            progress=lambda it: tqdm(it, total=deals, desc="Demo deals", unit="deal", disable=quiet),
        )
        self.stdout.write(self.style.SUCCESS(
            f"Demo loaded: {summary.merchants} merchants, {summary.stores} stores, "
            f"{summary.deals} deals (seed {seed})."))

"""`manage.py search_index --rebuild | --check [--if-available]`: the deal index by hand."""
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from search import services
from search.documents import alias_name
from search.sources import deals_indexable


class Command(BaseCommand):
    help = "Rebuild the deal index behind its alias (no downtime), or check it against the database."

    def add_arguments(self, parser):
        action = parser.add_mutually_exclusive_group(required=True)
        action.add_argument("--rebuild", action="store_true",
                            help="Build a new index from the database and swap the alias to it.")
        action.add_argument("--check", action="store_true",
                            help="Report deals missing, stale or extra in the index; exit 1 if any.")
        parser.add_argument("--if-available", action="store_true",
                            help="When Elasticsearch does not answer, warn and exit 0 (the site "
                                 "then searches the database).")

    def handle(self, *args, rebuild, check, if_available, **options):
        if not services.search_index_ping():
            message = "Elasticsearch does not answer; search will use the database fallback."
            if if_available:
                self.stderr.write(self.style.WARNING(message))
                return
            raise CommandError(message)
        if rebuild:
            self._rebuild()
        else:
            self._check()

    def _rebuild(self):
        total = deals_indexable().count()
        with tqdm(total=total, unit="deal", desc=f"indexing {alias_name()}",
                  file=self.stderr, disable=None) as bar:
            name = services.search_index_rebuild(progress=bar.update)
        self.stdout.write(self.style.SUCCESS(f"{total} deals indexed in {name}; {alias_name()} points to it."))

    def _check(self):
        report = services.search_index_check()
        for label, ids in (("missing", report.missing), ("stale", report.stale), ("extra", report.extra)):
            shown = ", ".join(map(str, ids[:50])) + (" ..." if len(ids) > 50 else "")
            self.stdout.write(f"{label}: {len(ids)}" + (f" ({shown})" if ids else ""))
        if not report.ok:
            raise CommandError("the deal index differs from the database; run --rebuild")
        self.stdout.write(self.style.SUCCESS("the deal index matches the database"))

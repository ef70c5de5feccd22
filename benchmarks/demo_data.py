"""How long `make run` takes to get its data: migrate + load_demo_data (150 deals) on a fresh SQLite.

Prints the figures; the target is under ~60 s for the load on a 2-core machine.
"""
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
work = tempfile.mkdtemp(prefix="bench-demo-")
os.environ.update({
    "DJANGO_SETTINGS_MODULE": "marketplace.settings.dev",
    "DATABASE_URL": f"sqlite:///{work}/demo.sqlite3",
    "MEDIA_ROOT": f"{work}/media",
    "REDIS_URL": "",
    # An index prefix with no index: deal writes are not indexed one by one (`make run` rebuilds after).
    "ELASTICSEARCH_INDEX_PREFIX": "bench-demo",
})

import django  # noqa: E402

django.setup()
from django.core.management import call_command  # noqa: E402

from marketplace.deals.models import Deal  # noqa: E402
from merchants.models import Location, Merchant  # noqa: E402

started = time.perf_counter()
call_command("migrate", verbosity=0)
migrated = time.perf_counter()
call_command("load_demo_data", deals=150, seed=42, verbosity=0)
loaded = time.perf_counter()
print(f"migrate: {migrated - started:.1f} s")
print(f"load_demo_data --deals 150: {loaded - migrated:.1f} s "
      f"({Merchant.objects.count()} merchants, {Location.objects.count()} stores, "
      f"{Deal.objects.count()} deals)")

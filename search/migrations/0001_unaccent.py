from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations


class Migration(migrations.Migration):
    """PostgreSQL's unaccent: the database fallback finds "café" when asked for "cafe" (no-op on
    SQLite). A trusted extension: the database's owner may create it."""

    initial = True
    dependencies = []

    operations = [UnaccentExtension()]

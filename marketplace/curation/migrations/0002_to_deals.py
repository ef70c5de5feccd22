"""FeaturedSlot, DealRevision and DealChange now belong to deals (deals 0003 takes them over with
their tables): the state only."""
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("curation", "0001_initial"),
        ("deals", "0003_from_curation"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.DeleteModel(name="DealChange"),
                migrations.DeleteModel(name="DealRevision"),
                migrations.DeleteModel(name="FeaturedSlot"),
            ],
        ),
    ]

from django.db import migrations


class Migration(migrations.Migration):
    """OrderDelivery moved to vouchers with its table (vouchers 0003 takes it over)."""

    dependencies = [
        ("checkout", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="OrderDelivery")],
            database_operations=[],
        ),
    ]

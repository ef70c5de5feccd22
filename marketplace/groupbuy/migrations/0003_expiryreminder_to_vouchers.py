from django.db import migrations


class Migration(migrations.Migration):
    """ExpiryReminder moved to vouchers with its table (vouchers 0003 takes it over)."""

    dependencies = [
        ("groupbuy", "0002_dealtipping_pledge"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="ExpiryReminder")],
            database_operations=[],
        ),
    ]

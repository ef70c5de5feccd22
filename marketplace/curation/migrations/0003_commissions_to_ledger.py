"""Commission rates now belong to the ledger (ledger 0001 takes CommissionRate over with its
table: the state only); OrderLineCommission is replaced by the commission percent on each
voucher's sale entry (ledger 0003 copied its rows into entries), so its table goes."""
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('curation', '0002_to_deals'),
        ('ledger', '0003_commissions_to_entries'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name='CommissionRate')],
            database_operations=[],
        ),
        migrations.RemoveField(model_name='orderlinecommission', name='line'),
        migrations.RemoveField(model_name='orderlinecommission', name='merchant'),
        migrations.DeleteModel(name='OrderLineCommission'),
    ]

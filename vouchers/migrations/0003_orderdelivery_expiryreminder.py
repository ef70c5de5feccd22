import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """OrderDelivery (from checkout) and ExpiryReminder (from groupbuy) join vouchers, each keeping
    its table: only Django's idea of which app owns them changes."""

    dependencies = [
        ("checkout", "0002_orderdelivery_to_vouchers"),
        ("groupbuy", "0003_expiryreminder_to_vouchers"),
        ("order", "0021_billingaddress_code_shippingaddress_code"),
        ("vouchers", "0002_redemption"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="OrderDelivery",
                    fields=[
                        ("id", models.AutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("is_gift", models.BooleanField(default=False)),
                        ("recipient_name", models.CharField(blank=True, max_length=200)),
                        ("recipient_email", models.EmailField(max_length=254)),
                        ("message", models.TextField(blank=True)),
                        ("deliver_on", models.DateField(blank=True, null=True)),
                        ("sent_at", models.DateTimeField(blank=True, null=True)),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("order", models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name="delivery", to="order.order")),
                    ],
                    options={"verbose_name": "order delivery", "db_table": "checkout_orderdelivery"},
                ),
                migrations.CreateModel(
                    name="ExpiryReminder",
                    fields=[
                        ("id", models.AutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("kind", models.CharField(choices=[("7d", "7 days before"), ("1d", "1 day before")], max_length=2)),
                        ("sent_at", models.DateTimeField(auto_now_add=True)),
                        ("voucher", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="expiry_reminders", to="vouchers.voucher")),
                    ],
                    options={
                        "db_table": "groupbuy_expiryreminder",
                        "constraints": [models.UniqueConstraint(fields=("voucher", "kind"), name="one_reminder_per_kind")],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]

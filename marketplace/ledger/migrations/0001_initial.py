import django.core.validators
import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('curation', '0002_to_deals'),
        ('catalogue', '0032_category_exclude_from_menu_category_long_description'),
        ('deals', '0003_from_curation'),
        ('merchants', '0002_apitoken_invitation'),
        ('order', '0021_billingaddress_code_shippingaddress_code'),
        ('payments', '0002_attempt_states_refund_truth'),
        ('vouchers', '0003_orderdelivery_expiryreminder'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='PaymentTerms',
            fields=[
                ('id', models.AutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('pay_on', models.CharField(choices=[('redemption', 'When a voucher is redeemed'), ('sale', 'When a voucher is sold')], default='redemption', max_length=10)),
                ('schedule', models.CharField(choices=[('weekly', 'Weekly (on Mondays)'), ('twice_monthly', 'Twice a month (on the 1st and the 16th)')], default='twice_monthly', max_length=14)),
                ('reserve_percent', models.DecimalField(decimal_places=2, default=0, max_digits=5, validators=[django.core.validators.MinValueValidator(0), django.core.validators.MaxValueValidator(100)])),
                ('reserve_days', models.PositiveSmallIntegerField(default=0, validators=[django.core.validators.MaxValueValidator(365)])),
                ('effective_from', models.DateTimeField()),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('merchant', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='payment_terms', to='merchants.merchant')),
                ('set_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name_plural': 'payment terms',
                'ordering': ['merchant_id', '-effective_from'],
            },
        ),
        migrations.CreateModel(
            name='Payout',
            fields=[
                ('id', models.AutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('currency', models.CharField(max_length=3)),
                ('period_start', models.DateTimeField(blank=True, null=True)),
                ('cutoff', models.DateTimeField()),
                ('amount', models.DecimalField(decimal_places=2, max_digits=12)),
                ('status', models.CharField(choices=[('pending', 'Being sent'), ('sent', 'Sent to Stripe'), ('failed', 'Refused by Stripe (the amount is due again)'), ('reversed', 'Reversed at Stripe (the amount is due again)')], db_index=True, default='pending', max_length=10)),
                ('destination', models.CharField(max_length=255)),
                ('transfer_group', models.CharField(max_length=100)),
                ('idempotency_key', models.CharField(max_length=100, unique=True)),
                ('transfer_id', models.CharField(blank=True, max_length=255)),
                ('amount_reversed', models.DecimalField(decimal_places=2, default=0, max_digits=12)),
                ('attempts', models.PositiveIntegerField(default=0)),
                ('last_error', models.TextField(blank=True)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('sent_at', models.DateTimeField(blank=True, null=True)),
                ('checked_at', models.DateTimeField(blank=True, null=True)),
                ('merchant', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='payouts', to='merchants.merchant')),
                ('requested_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['-cutoff', '-id'],
            },
        ),
        migrations.CreateModel(
            name='Entry',
            fields=[
                ('id', models.AutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('sale', 'Sale'), ('redemption', 'Redemption'), ('refund', 'Refund'), ('breakage', 'Expired or void'), ('payout', 'Payout'), ('adjustment', 'Adjustment'), ('reserve_hold', 'Reserve held back'), ('reserve_release', 'Reserve released')], max_length=16)),
                ('debit', models.CharField(choices=[('buyers', 'Buyers'), ('held', 'Held for unredeemed vouchers'), ('merchant', 'Due to the merchant'), ('reserve', 'Held back for refunds'), ('commission', 'Commission earned'), ('breakage', 'Kept by the platform'), ('paid_out', 'Paid out'), ('platform', 'Platform funds')], max_length=12)),
                ('credit', models.CharField(choices=[('buyers', 'Buyers'), ('held', 'Held for unredeemed vouchers'), ('merchant', 'Due to the merchant'), ('reserve', 'Held back for refunds'), ('commission', 'Commission earned'), ('breakage', 'Kept by the platform'), ('paid_out', 'Paid out'), ('platform', 'Platform funds')], max_length=12)),
                ('amount', models.DecimalField(decimal_places=2, max_digits=12)),
                ('currency', models.CharField(max_length=3)),
                ('booked_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('unit_index', models.PositiveIntegerField(blank=True, null=True)),
                ('commission_percent', models.DecimalField(blank=True, decimal_places=2, max_digits=5, null=True)),
                ('commission_source', models.CharField(blank=True, max_length=10)),
                ('actor_label', models.CharField(blank=True, max_length=100)),
                ('reason', models.TextField(blank=True)),
                ('release_after', models.DateTimeField(blank=True, null=True)),
                ('actor', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('deal', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='deals.deal')),
                ('location', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='merchants.location')),
                ('merchant', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='ledger_entries', to='merchants.merchant')),
                ('order_line', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='order.line')),
                ('redemption', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='vouchers.redemption')),
                ('refund', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='payments.striperefund')),
                ('reverses', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='reversed_by', to='ledger.entry')),
                ('voucher', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='vouchers.voucher')),
                ('terms', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='ledger.paymentterms')),
                ('payout', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='entries', to='ledger.payout')),
            ],
            options={
                'verbose_name_plural': 'entries',
                'db_table': 'ledger_entry',
                'ordering': ['booked_at', 'id'],
            },
        ),
        migrations.CreateModel(
            name='PayoutAccount',
            fields=[
                ('id', models.AutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('stripe_account_id', models.CharField(blank=True, max_length=255)),
                ('details_submitted', models.BooleanField(default=False)),
                ('payouts_enabled', models.BooleanField(default=False)),
                ('transfers_active', models.BooleanField(default=False)),
                ('synced_at', models.DateTimeField(blank=True, null=True)),
                ('on_hold', models.BooleanField(default=False)),
                ('hold_reason', models.TextField(blank=True)),
                ('held_at', models.DateTimeField(blank=True, null=True)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('held_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('merchant', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='payout_account', to='merchants.merchant')),
            ],
        ),
        # CommissionRate moves here from curation with its table (curation 0003 lets it go).
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='CommissionRate',
                    fields=[
                        ('id', models.AutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('percent', models.DecimalField(decimal_places=2, max_digits=5, validators=[django.core.validators.MinValueValidator(0), django.core.validators.MaxValueValidator(100)])),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('category', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='commission_rate', to='catalogue.category')),
                        ('merchant', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='commission_rate', to='merchants.merchant')),
                        ('updated_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'curation_commissionrate',
                        'constraints': [models.CheckConstraint(condition=models.Q(models.Q(('category__isnull', True), ('merchant__isnull', False)), models.Q(('category__isnull', False), ('merchant__isnull', True)), _connector='OR'), name='commission_rate_for_merchant_xor_category'), models.CheckConstraint(condition=models.Q(('percent__gte', 0), ('percent__lte', 100)), name='commission_percent_range')],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.AddConstraint(
            model_name='paymentterms',
            constraint=models.UniqueConstraint(fields=('merchant', 'effective_from'), name='ledger_one_terms_change_at_a_time'),
        ),
        migrations.AddConstraint(
            model_name='paymentterms',
            constraint=models.CheckConstraint(condition=models.Q(('reserve_percent__gte', 0), ('reserve_percent__lte', 100)), name='ledger_reserve_percent_range'),
        ),
        migrations.AddConstraint(
            model_name='paymentterms',
            constraint=models.CheckConstraint(condition=models.Q(('reserve_days__lte', 365)), name='ledger_reserve_days_range'),
        ),
        migrations.AddConstraint(
            model_name='payout',
            constraint=models.UniqueConstraint(fields=('merchant', 'currency', 'cutoff'), name='ledger_one_payout_per_merchant_and_period'),
        ),
        migrations.AddConstraint(
            model_name='payout',
            constraint=models.CheckConstraint(condition=models.Q(('amount__gt', 0)), name='ledger_payout_positive'),
        ),
        migrations.AddIndex(
            model_name='entry',
            index=models.Index(fields=['merchant', 'booked_at'], include=('kind', 'debit', 'credit', 'amount', 'currency'), name='ledger_merchant_booked'),
        ),
        migrations.AddIndex(
            model_name='entry',
            index=models.Index(fields=['order_line', 'unit_index'], name='ledger_unit'),
        ),
        migrations.AddIndex(
            model_name='entry',
            index=models.Index(condition=models.Q(('kind', 'reserve_hold')), fields=['release_after'], name='ledger_reserve_holds'),
        ),
        migrations.AddConstraint(
            model_name='entry',
            constraint=models.CheckConstraint(condition=models.Q(('amount__gte', 0)), name='ledger_amount_not_negative'),
        ),
        migrations.AddConstraint(
            model_name='entry',
            constraint=models.CheckConstraint(condition=models.Q(('debit', models.F('credit')), _negated=True), name='ledger_moves_between_two_accounts'),
        ),
        migrations.AddConstraint(
            model_name='entry',
            constraint=models.UniqueConstraint(condition=models.Q(('debit', 'buyers'), ('kind', 'sale')), fields=('order_line', 'unit_index'), name='ledger_one_sale_per_unit'),
        ),
        migrations.AddConstraint(
            model_name='entry',
            constraint=models.UniqueConstraint(condition=models.Q(('debit', 'merchant'), ('kind', 'payout')), fields=('payout',), name='ledger_one_entry_per_payout'),
        ),
        migrations.AddConstraint(
            model_name='payoutaccount',
            constraint=models.UniqueConstraint(condition=models.Q(('stripe_account_id', ''), _negated=True), fields=('stripe_account_id',), name='ledger_one_merchant_per_stripe_account'),
        ),
    ]

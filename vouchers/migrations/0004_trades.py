"""Passes (uses per voucher, one standing redemption per use), what each use is worth
(price_share: the price paid for redemptions made before passes existed), bookings, no-shows."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('catalogue', '0032_category_exclude_from_menu_category_long_description'),
        ('deals', '0004_trade_terms'),
        ('merchants', '0002_apitoken_invitation'),
        ('order', '0021_billingaddress_code_shippingaddress_code'),
        ('vouchers', '0003_orderdelivery_expiryreminder'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Booking',
            fields=[
                ('id', models.AutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('unit_index', models.PositiveIntegerField()),
                ('starts_at', models.DateTimeField()),
                ('ends_at', models.DateTimeField()),
                ('status', models.CharField(choices=[('booked', 'Booked'), ('moved', 'Moved'), ('cancelled', 'Cancelled'), ('attended', 'Attended'), ('no_show', 'Did not come')], db_index=True, default='booked', max_length=10)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('changed_at', models.DateTimeField(auto_now=True)),
                ('reminded_at', models.DateTimeField(blank=True, null=True)),
            ],
            options={
                'ordering': ['starts_at', 'id'],
            },
        ),
        migrations.RemoveConstraint(
            model_name='redemption',
            name='one_standing_redemption_per_voucher',
        ),
        migrations.AddField(
            model_name='redemption',
            name='price_share',
            field=models.DecimalField(decimal_places=2, max_digits=12, null=True),
        ),
        migrations.RunSQL(
            "UPDATE vouchers_redemption SET price_share = (SELECT v.price_paid FROM vouchers_voucher v"
            " WHERE v.id = vouchers_redemption.voucher_id)",
            reverse_sql=migrations.RunSQL.noop),
        migrations.AlterField(
            model_name='redemption',
            name='price_share',
            field=models.DecimalField(decimal_places=2, max_digits=12),
        ),
        migrations.AddField(
            model_name='redemption',
            name='use_number',
            field=models.PositiveIntegerField(default=1),
        ),
        migrations.AddField(
            model_name='voucher',
            name='uses_total',
            field=models.PositiveIntegerField(default=1),
        ),
        migrations.AddField(
            model_name='voucher',
            name='uses_used',
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.AlterField(
            model_name='redemption',
            name='client',
            field=models.CharField(choices=[('page', 'Counter page'), ('api', 'Point-of-sale API'), ('no_show', 'No-show')], max_length=10),
        ),
        migrations.AlterField(
            model_name='redemptionattempt',
            name='client',
            field=models.CharField(choices=[('page', 'Counter page'), ('api', 'Point-of-sale API'), ('no_show', 'No-show')], max_length=10),
        ),
        migrations.AddConstraint(
            model_name='voucher',
            constraint=models.CheckConstraint(condition=models.Q(('uses_used__lte', models.F('uses_total'))), name='never_more_uses_than_bought'),
        ),
        migrations.AddConstraint(
            model_name='voucher',
            constraint=models.CheckConstraint(condition=models.Q(('uses_total__gte', 1)), name='voucher_gives_a_use'),
        ),
        migrations.AddField(
            model_name='booking',
            name='location',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='bookings', to='merchants.location'),
        ),
        migrations.AddField(
            model_name='booking',
            name='order_line',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='bookings', to='order.line'),
        ),
        migrations.AddField(
            model_name='booking',
            name='voucher',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='bookings', to='vouchers.voucher'),
        ),
        migrations.AddField(
            model_name='redemption',
            name='booking',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='redemptions', to='vouchers.booking'),
        ),
        migrations.AddConstraint(
            model_name='redemption',
            constraint=models.UniqueConstraint(condition=models.Q(('undone_at__isnull', True)), fields=('voucher', 'use_number'), name='one_standing_redemption_per_use'),
        ),
        migrations.AddIndex(
            model_name='booking',
            index=models.Index(fields=['location', 'starts_at'], name='vouchers_bo_locatio_32930f_idx'),
        ),
        migrations.AddConstraint(
            model_name='booking',
            constraint=models.UniqueConstraint(condition=models.Q(('status', 'booked')), fields=('order_line', 'unit_index'), name='one_standing_booking_per_unit'),
        ),
    ]

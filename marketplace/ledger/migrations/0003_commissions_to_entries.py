"""OrderLineCommission becomes ledger entries: each unit of a paid order line gets its sale entry
with the percent fixed when it was sold, then one entry for what became of its voucher so far
(redeemed, refunded, voided, expired without refund), so that the ledger starts where the
vouchers are. Orders refunded in full are left out: all their money went back, nobody is owed
anything. Orders not paid yet are booked by the order lifecycle when they are.
"""
from decimal import ROUND_HALF_UP, Decimal

from django.db import migrations

RETURNS_MONEY = ("succeeded", "pending", "requires_action")
ZERO = Decimal("0.00")


def _round(amount: Decimal) -> Decimal:
    return amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def forwards(apps, schema_editor):
    commissions = apps.get_model("curation", "OrderLineCommission")
    Entry = apps.get_model("ledger", "Entry")
    DealOption = apps.get_model("deals", "DealOption")
    Voucher = apps.get_model("vouchers", "Voucher")
    Redemption = apps.get_model("vouchers", "Redemption")
    StripeRefund = apps.get_model("payments", "StripeRefund")
    for olc in commissions.objects.select_related("line__order").order_by("pk"):
        line, order = olc.line, olc.line.order
        if order.status != "Paid":
            continue
        option = DealOption.objects.filter(product_id=line.product_id).select_related("deal").first()
        refunds = list(StripeRefund.objects.filter(attempt__order_id=order.pk,
                                                   status__in=RETURNS_MONEY))
        unnamed = sum((r.amount for r in refunds if not (r.metadata or {}).get("voucher_id")), ZERO)
        vouchers = {v.unit_index: v for v in Voucher.objects.filter(order_line_id=line.pk)}
        entries = []
        for unit in range(line.quantity):
            voucher = vouchers.get(unit)
            base = {"merchant_id": olc.merchant_id, "currency": olc.currency,
                    "order_line_id": line.pk, "unit_index": unit,
                    "deal_id": option.deal_id if option else None,
                    "voucher_id": voucher.pk if voucher else None}
            price = line.unit_price_incl_tax
            commission = _round(price * olc.percent / Decimal(100))
            entries.append(Entry(kind="sale", debit="buyers", credit="held", amount=price,
                                 booked_at=olc.created_at, commission_percent=olc.percent,
                                 commission_source=olc.source, **base))
            if voucher is None:
                continue
            at = {"booked_at": voucher.status_changed_at, **base}
            if voucher.status == "redeemed":
                standing = Redemption.objects.filter(voucher_id=voucher.pk,
                                                     undone_at__isnull=True).first()
                more = {"redemption_id": standing.pk if standing else None,
                        "location_id": standing.location_id if standing else None, **at}
                entries += [Entry(kind="redemption", debit="held", credit="merchant",
                                  amount=price - commission, **more),
                            Entry(kind="redemption", debit="held", credit="commission",
                                  amount=commission, **more)]
            elif voucher.status == "refunded":
                refund = next((r for r in refunds if r.key == f"voucher-{voucher.pk}"), None)
                entries.append(Entry(kind="refund", debit="held", credit="buyers", amount=price,
                                     refund_id=refund.pk if refund else None, **at))
            elif voucher.status == "void":
                back = min(price, unnamed)
                unnamed -= back
                if back:
                    entries.append(Entry(kind="refund", debit="held", credit="buyers",
                                         amount=back, **at))
                entries.append(Entry(kind="breakage", debit="held", credit="breakage",
                                     amount=price - back, **at))
            elif voucher.status == "expired" and option and option.deal.expiry_policy == "no_refund":
                entries += [Entry(kind="breakage", debit="held", credit="merchant",
                                  amount=price - commission, **at),
                            Entry(kind="breakage", debit="held", credit="commission",
                                  amount=commission, **at)]
        Entry.objects.bulk_create(entries)


class Migration(migrations.Migration):

    dependencies = [
        ("ledger", "0002_append_only"),
        ("curation", "0002_to_deals"),
    ]

    # Backwards: nothing to undo by hand, the entries' table goes with ledger 0001.
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]

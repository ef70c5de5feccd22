import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone

from marketplace.deals.models import Deal
from tests.conftest import wait_until
from tests.factories import DealFactory, create_paid_vouchers
from tests.factories.paid_at_stripe import stripe_paid_vouchers
from vouchers import expiry
from vouchers.models import ExpiryReminder, Voucher, VoucherEvent
from vouchers.tasks import vouchers_expire_task

pytestmark = pytest.mark.django_db


def vouchers_ending(deal, *, in_, quantity=1, email="buyer@example.com"):
    now = timezone.now()
    return create_paid_vouchers(deal=deal, quantity=quantity, email=email,
                                valid_from=now - timedelta(days=30), valid_until=now + in_)


def statuses(vouchers):
    return [Voucher.objects.get(pk=v.pk).status for v in vouchers]


def test_no_refund_policy_expires_past_vouchers_and_leaves_valid_ones():
    deal = DealFactory(expiry_policy=Deal.ExpiryPolicy.NO_REFUND)
    past = vouchers_ending(deal, in_=-timedelta(minutes=1), quantity=2)
    valid = vouchers_ending(deal, in_=timedelta(hours=1))
    run = expiry.vouchers_expire()
    assert sorted(run.expired) == sorted(v.pk for v in past)
    assert statuses(past) == ["expired", "expired"] and statuses(valid) == ["issued"]
    assert VoucherEvent.objects.get(voucher=past[0], to_status="expired").reason.startswith(
        "Expired without refund")


def test_paid_value_policy_expires_the_promotion_but_keeps_the_price_paid_redeemable():
    from vouchers.redemption import check_voucher

    deal = DealFactory(expiry_policy=Deal.ExpiryPolicy.PAID_VALUE)
    voucher = vouchers_ending(deal, in_=-timedelta(minutes=1))[0]
    expiry.vouchers_expire()
    voucher.refresh_from_db()
    assert voucher.status == Voucher.Status.EXPIRED
    checked = check_voucher(voucher, location=deal.locations.get())
    assert checked.redeemable and checked.amount == voucher.price_paid != voucher.value
    assert "stays redeemable" in VoucherEvent.objects.filter(voucher=voucher).last().reason


def test_refund_policy_refunds_the_price_paid_at_stripe_on_expiry():
    from marketplace.payments.gateway import stripe_client, to_minor_units
    from marketplace.payments.models import StripeRefund

    deal = DealFactory(expiry_policy=Deal.ExpiryPolicy.REFUND)
    now = timezone.now()
    expired, used, valid = stripe_paid_vouchers(deal=deal, quantity=3,
                                                valid_from=now - timedelta(days=30),
                                                valid_until=now - timedelta(minutes=1))
    Voucher.objects.filter(pk=used.pk).update(status=Voucher.Status.REDEEMED)
    Voucher.objects.filter(pk=valid.pk).update(valid_until=now + timedelta(days=1))

    run = expiry.vouchers_expire()
    assert run.refunded == [expired.pk] and run.refund_failed == {}
    assert statuses([expired, used, valid]) == ["refunded", "redeemed", "issued"]
    refund = StripeRefund.objects.get(key=f"voucher-{expired.pk}")
    assert stripe_client().v1.refunds.retrieve(refund.stripe_refund_id).amount == to_minor_units(
        expired.price_paid, "EUR")
    assert expiry.vouchers_expire().refunded == []  # a second run refunds nothing more
    assert StripeRefund.objects.count() == 1

    call_command("audit_expired_vouchers")  # nothing needs attention: no error
    line = [ln for ln in expiry.expired_vouchers_audit() if ln.voucher.pk == expired.pk][0]
    assert line.outcome.startswith("refunded 39.00 EUR on expiry (Stripe refund re_")


def test_failed_automatic_refund_keeps_the_voucher_and_the_audit_flags_it():
    deal = DealFactory(expiry_policy=Deal.ExpiryPolicy.REFUND)
    now = timezone.now()
    voucher = stripe_paid_vouchers(deal=deal, charge_id="ch_unknown000000",
                                   valid_from=now - timedelta(days=30),
                                   valid_until=now - timedelta(minutes=1))[0]
    run = expiry.vouchers_expire()
    assert list(run.refund_failed) == [voucher.pk]
    assert statuses([voucher]) == ["issued"]
    with pytest.raises(CommandError):
        call_command("audit_expired_vouchers", "--problems")


def test_running_expiry_again_changes_nothing():
    deal = DealFactory(expiry_policy=Deal.ExpiryPolicy.NO_REFUND)
    voucher = vouchers_ending(deal, in_=-timedelta(minutes=1))[0]
    assert expiry.vouchers_expire().expired == [voucher.pk]
    assert expiry.vouchers_expire().expired == []
    assert VoucherEvent.objects.filter(voucher=voucher, to_status="expired").count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_expiry_runs_expire_each_voucher_once():
    deal = DealFactory(expiry_policy=Deal.ExpiryPolicy.NO_REFUND)
    vouchers = vouchers_ending(deal, in_=-timedelta(minutes=1), quantity=20)
    runs, barrier = [], threading.Barrier(2)

    def work():
        barrier.wait()
        try:
            runs.append(expiry.vouchers_expire())
        finally:
            connection.close()

    threads = [threading.Thread(target=work) for _ in range(2)]
    [t.start() for t in threads]
    [t.join() for t in threads]
    assert sorted(runs[0].expired + runs[1].expired) == sorted(v.pk for v in vouchers)
    assert VoucherEvent.objects.filter(voucher__in=vouchers, to_status="expired").count() == 20


def test_reminders_go_out_7_days_and_1_day_before_expiry_once_each():
    deal = DealFactory(expiry_policy=Deal.ExpiryPolicy.PAID_VALUE)
    in_six_days = vouchers_ending(deal, in_=timedelta(days=6), email="six@example.com")[0]
    in_twenty_hours = vouchers_ending(deal, in_=timedelta(hours=20), email="soon@example.com")[0]
    vouchers_ending(deal, in_=timedelta(days=20), email="later@example.com")

    assert expiry.vouchers_send_expiry_reminders() == 2
    by_to = {m.to[0]: m for m in mail.outbox}
    assert set(by_to) == {"six@example.com", "soon@example.com"}
    assert by_to["six@example.com"].subject.startswith("One week left")
    assert by_to["soon@example.com"].subject.startswith("Last day")
    assert "stays redeemable" in by_to["soon@example.com"].body

    assert expiry.vouchers_send_expiry_reminders() == 0  # a second run sends nothing
    # Six days later the first voucher gets its last-day reminder.
    later = timezone.now() + timedelta(days=5, hours=12)
    assert expiry.vouchers_send_expiry_reminders(now=later) == 1
    assert mail.outbox[-1].to == ["six@example.com"]
    assert set(ExpiryReminder.objects.filter(voucher=in_six_days).values_list("kind", flat=True)) == {
        "7d", "1d"}
    assert ExpiryReminder.objects.filter(voucher=in_twenty_hours).count() == 1


def test_audit_lists_each_expired_voucher_and_flags_an_unrefunded_one(capsys):
    keep = vouchers_ending(DealFactory(expiry_policy=Deal.ExpiryPolicy.NO_REFUND),
                           in_=-timedelta(hours=1))[0]
    paid = vouchers_ending(DealFactory(expiry_policy=Deal.ExpiryPolicy.PAID_VALUE),
                           in_=-timedelta(hours=1))[0]
    expiry.vouchers_expire()
    owed = vouchers_ending(DealFactory(expiry_policy=Deal.ExpiryPolicy.REFUND),
                           in_=-timedelta(hours=1))[0]

    with pytest.raises(CommandError, match="1 expired vouchers need attention"):
        call_command("audit_expired_vouchers")
    out = capsys.readouterr().out
    lines = {line.split("\t")[0]: line for line in out.splitlines()[1:-1]}
    assert set(lines) == {str(keep.pk), str(paid.pk), str(owed.pk)}
    assert "kept (no refund policy)" in lines[str(keep.pk)]
    assert "remains redeemable" in lines[str(paid.pk)]
    assert "!! NOT REFUNDED YET" in lines[str(owed.pk)]


def test_expiry_beat_task_runs_on_the_real_worker(celery_worker):
    deal = DealFactory(expiry_policy=Deal.ExpiryPolicy.NO_REFUND)
    voucher = vouchers_ending(deal, in_=-timedelta(minutes=1))[0]
    vouchers_expire_task.delay()
    wait_until(lambda: Voucher.objects.get(pk=voucher.pk).status == Voucher.Status.EXPIRED)

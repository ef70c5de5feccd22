"""marketplace/core/rawsql.write_together: several writes in one statement, all or nothing."""
import uuid

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from marketplace.core.rawsql import insert_statement, write_together
from tests.factories.redemption import shop_with_vouchers
from vouchers.models import Redemption, RedemptionAttempt, Voucher, VoucherEvent
from vouchers.services import vouchers_transition_writes

pytestmark = pytest.mark.django_db


def _redemption(shop, voucher):
    return Redemption(voucher=voucher, merchant=shop.merchant, location=shop.store,
                      client=Redemption.Client.API, api_token=shop.token, amount=voucher.value,
                      price_share=voucher.price_paid, currency=voucher.currency, batch=uuid.uuid4(),
                      redeemed_at=timezone.now())


_FIELDS = ("voucher_id", "merchant_id", "location_id", "redeemed_by_id", "api_token_id", "client",
           "batch", "use_number", "amount", "price_share", "currency", "paid_value_only", "redeemed_at",
           "undo_reason")


def test_the_writes_ride_along_and_the_main_statement_returns_its_rows():
    shop = shop_with_vouchers(quantity=1)
    voucher = Voucher.objects.get(pk=shop.vouchers[0].pk)
    with transaction.atomic():
        writes = vouchers_transition_writes(vouchers=[voucher], to_status=Voucher.Status.REDEEMED,
                                            actor_label="till")
        rows = write_together([*writes, insert_statement([_redemption(shop, voucher)], _FIELDS)])
    assert rows == [(Redemption.objects.get(voucher=voucher).pk,)]
    voucher.refresh_from_db()
    assert voucher.status == Voucher.Status.REDEEMED
    assert VoucherEvent.objects.filter(voucher=voucher, to_status="redeemed").count() == 1


def test_when_one_write_fails_none_of_them_is_made():
    shop = shop_with_vouchers(quantity=1)
    voucher = Voucher.objects.get(pk=shop.vouchers[0].pk)
    Redemption.objects.create(voucher=voucher, merchant=shop.merchant, location=shop.store,
                              client=Redemption.Client.API, amount=voucher.value,
                              price_share=voucher.price_paid, currency=voucher.currency,
                              batch=uuid.uuid4(),
                              redeemed_at=timezone.now())  # the standing redemption
    attempts = RedemptionAttempt.objects.count()
    audit = insert_statement([RedemptionAttempt(
        action=RedemptionAttempt.Action.REDEEM, result="ok", client=Redemption.Client.API, merchant=shop.merchant,
        location=shop.store, api_token=shop.token, voucher=voucher)], (
        "action", "result", "client", "merchant_id", "location_id", "api_token_id", "voucher_id",
        "code_hint", "created_at"), returning=())
    with pytest.raises(IntegrityError), transaction.atomic():
        writes = vouchers_transition_writes(vouchers=[voucher], to_status=Voucher.Status.REDEEMED)
        # A second standing redemption breaks the partial unique index: the whole statement fails.
        write_together([audit, *writes, insert_statement([_redemption(shop, voucher)], _FIELDS)])
    voucher.refresh_from_db()
    assert voucher.status == Voucher.Status.ISSUED
    assert not VoucherEvent.objects.filter(voucher=voucher, to_status="redeemed").exists()
    assert RedemptionAttempt.objects.count() == attempts
    assert Redemption.objects.filter(voucher=voucher).count() == 1

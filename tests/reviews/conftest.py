import pytest
from django.db import transaction

from tests.factories import DealFactory, UserFactory, create_paid_vouchers
from vouchers.models import Voucher
from vouchers.services import voucher_transition


def mark_redeemed(voucher: Voucher) -> Voucher:
    with transaction.atomic():
        locked = Voucher.objects.select_for_update().get(pk=voucher.pk)
        return voucher_transition(voucher=locked, to_status=Voucher.Status.REDEEMED,
                                  actor_label="test counter")


@pytest.fixture
def buyer():
    return UserFactory()


@pytest.fixture
def deal():
    return DealFactory()


@pytest.fixture
def redeemed_voucher(deal, buyer):
    return mark_redeemed(create_paid_vouchers(deal=deal, user=buyer)[0])

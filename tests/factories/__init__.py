"""Test data for every app, built through the same services the product uses where they exist.

Usage: `deal = DealFactory(merchant=..., options=[OptionSpec(...)])`, `create_paid_vouchers(deal=deal, quantity=4)`.
"""
import itertools
from datetime import timedelta
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from django.contrib.sites.models import Site
from django.utils import timezone
from oscar.core.loading import get_model

from marketplace.deals.models import Deal
from marketplace.deals.services import OptionSpec, deal_create
from merchants.models import Location, Membership, Merchant
from merchants.services import location_create, merchant_create
from vouchers import codes
from vouchers.models import Voucher, VoucherEvent

Category = get_model("catalogue", "Category")
Order = get_model("order", "Order")
Line = get_model("order", "Line")

_seq = itertools.count(1)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.Sequence(lambda n: f"user{n}@example.com")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.PostGenerationMethodCall("set_password", "pass-word-123")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.save()


def MerchantFactory(name: str | None = None, owner=None, **kwargs) -> Merchant:  # noqa: N802
    return merchant_create(name=name or f"Merchant {next(_seq)}", owner=owner, **kwargs)


def LocationFactory(merchant: Merchant | None = None, city: str = "Lisbon",  # noqa: N802
                    latitude=Decimal("38.722252"), longitude=Decimal("-9.139337"), **kwargs) -> Location:
    merchant = merchant or MerchantFactory()
    n = next(_seq)
    return location_create(
        merchant=merchant, name=kwargs.pop("name", f"Store {n}"),
        address=kwargs.pop("address", f"Rua Augusta {n}"), city=city,
        latitude=latitude, longitude=longitude, **kwargs,
    )


def MembershipFactory(merchant: Merchant, user=None, role=Membership.Role.CASHIER,  # noqa: N802
                      locations=()) -> Membership:
    m = Membership.objects.create(merchant=merchant, user=user or UserFactory(), role=role)
    m.locations.set(locations)
    return m


def CategoryFactory(name: str | None = None, parent=None) -> "Category":  # noqa: N802
    name = name or f"Category {next(_seq)}"
    if parent is None:
        return Category.add_root(name=name)
    return parent.add_child(name=name)


def DealFactory(merchant: Merchant | None = None, *, title: str | None = None,  # noqa: N802
                options: list[OptionSpec] | None = None, locations=None, live: bool = True,
                **kwargs) -> Deal:
    merchant = merchant or MerchantFactory()
    if locations is None:
        locations = list(merchant.locations.all()) or [LocationFactory(merchant=merchant)]
    now = timezone.now()
    kwargs.setdefault("sale_starts_at", now - timedelta(days=1))
    kwargs.setdefault("sale_ends_at", now + timedelta(days=7))
    if live:
        kwargs.setdefault("review_status", Deal.Review.APPROVED)
    return deal_create(
        merchant=merchant,
        title=title or f"Set dinner for two {next(_seq)}",
        options=options or [OptionSpec("Dinner for 2", Decimal("39.00"), Decimal("70.00"), 100)],
        locations=locations, **kwargs,
    )


def create_paid_order_line(*, deal: Deal, quantity: int = 1, option_index: int = 0, user=None,
                           email: str = "buyer@example.com"):
    """An Oscar order with one line for ``quantity`` units of a deal option, already paid."""
    option = list(deal.options.all())[option_index]
    stockrecord = option.product.stockrecords.get()
    total = stockrecord.price * quantity
    order = Order.objects.create(
        number=f"T{next(_seq):08d}", site=Site.objects.get_current(), user=user,
        guest_email="" if user else email, currency=stockrecord.price_currency,
        total_incl_tax=total, total_excl_tax=total, status="Paid",
    )
    type(stockrecord).objects.filter(pk=stockrecord.pk).update(
        num_allocated=stockrecord.num_allocated + quantity)
    return Line.objects.create(
        order=order, partner=stockrecord.partner, partner_name=stockrecord.partner.name,
        partner_sku=stockrecord.partner_sku, stockrecord=stockrecord, product=option.product,
        title=option.product.title, quantity=quantity, line_price_incl_tax=total,
        line_price_excl_tax=total, line_price_before_discounts_incl_tax=total,
        line_price_before_discounts_excl_tax=total, unit_price_incl_tax=stockrecord.price,
        unit_price_excl_tax=stockrecord.price, num_allocated=quantity,
    )


def create_paid_vouchers(*, deal: Deal, quantity: int = 1, option_index: int = 0, user=None,
                         email: str = "buyer@example.com", holder_name: str = "Ana Silva",
                         valid_from=None, valid_until=None) -> list[Voucher]:
    """Vouchers as the issuing step leaves them (status issued), with their known codes.

    Each returned voucher has `.plain_code` set, the code a buyer would read out.
    """
    line = create_paid_order_line(deal=deal, quantity=quantity, option_index=option_index,
                                  user=user, email=email)
    option = list(deal.options.all())[option_index]
    now = timezone.now()
    vouchers = []
    for unit in range(quantity):
        code = codes.generate()
        v = Voucher.objects.create(
            code_digest=codes.digest(code), code_sealed=codes.seal(code), order_line=line,
            unit_index=unit, deal=deal, option=option.product, merchant=deal.merchant, owner=user,
            holder_name=holder_name, holder_email=user.email if user else email,
            price_paid=line.unit_price_incl_tax, value=option.value, currency=line.order.currency,
            valid_from=valid_from or now - timedelta(hours=1),
            valid_until=valid_until or now + timedelta(days=90), uses_total=option.uses,
        )
        VoucherEvent.objects.create(voucher=v, from_status="", to_status=v.status,
                                    actor_label="test factory")
        v.plain_code = code
        vouchers.append(v)
    return vouchers

"""A merchant ready to redeem: two stores, an owner, a manager, a cashier at store A, a deal
valid at store A only, paid vouchers, a till token at store A; and a second, foreign merchant."""
from dataclasses import dataclass, field

from merchants.models import Membership
from merchants.services import api_token_create

from . import DealFactory, LocationFactory, MembershipFactory, MerchantFactory, UserFactory, \
    create_paid_vouchers


@dataclass
class Shop:
    merchant: object
    store: object
    other_store: object
    owner: object
    manager: object
    cashier: object
    deal: object
    vouchers: list
    token: object
    plain_token: str
    extra: dict = field(default_factory=dict)


def shop_with_vouchers(*, name: str = "Tasca", quantity: int = 4, **deal_kwargs) -> Shop:
    owner = UserFactory(first_name="Olga")
    merchant = MerchantFactory(name=name, owner=owner)
    store = LocationFactory(merchant=merchant, name=f"{name} Chiado")
    other_store = LocationFactory(merchant=merchant, name=f"{name} Belém")
    manager = UserFactory(first_name="Manuel")
    cashier = UserFactory(first_name="Carla")
    MembershipFactory(merchant=merchant, user=manager, role=Membership.Role.MANAGER)
    MembershipFactory(merchant=merchant, user=cashier, role=Membership.Role.CASHIER,
                      locations=[store])
    deal = DealFactory(merchant=merchant, locations=[store], **deal_kwargs)
    vouchers = create_paid_vouchers(deal=deal, quantity=quantity) if quantity else []
    token, plain = api_token_create(location=store, name="Till 1", created_by=owner)
    return Shop(merchant, store, other_store, owner, manager, cashier, deal, vouchers, token, plain)

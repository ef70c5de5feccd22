"""A buyer picks a slot at checkout: one place per unit is held with the units, before the
card is charged; a full slot refuses the order and nothing is reserved or charged; a failed
payment gives the slot back; the issued vouchers carry their bookings."""
from decimal import Decimal

import pytest
from oscar.core.loading import get_model

from marketplace.bookings.models import SlotPlaces
from marketplace.deals.services import OptionSpec
from tests.factories import create_paid_vouchers
from tests.factories.checkout import card_payment_method
from vouchers.bookings import voucher_book
from vouchers.models import Booking, Voucher
from vouchers.services import vouchers_issue_for_order

from .conftest import bookable_shop_make, next_hour

pytestmark = pytest.mark.django_db
Order = get_model("order", "Order")


def _shop(capacity=2):
    return bookable_shop_make(quantity=0, capacity=capacity, options=[
        OptionSpec("Haircut", Decimal("20.00"), Decimal("40.00"), 10)])


def _pay(client, shop, quantity, slot, card=None):
    option = shop.deal.options.get()
    client.post(f"/basket/add/{option.product_id}/", {"quantity": quantity}, HTTP_REFERER="/")
    client.post("/checkout/", {"username": "guest@example.com", "options": "anonymous"},
                follow=True)
    page = client.get("/checkout/payment-details/").content.decode()
    assert f'name="slot-{option.product_id}"' in page
    return client.post("/checkout/preview/", {
        "action": "place_order", "payment_method_id": card or card_payment_method(),
        "expected_total": f"{20 * quantity}.00",
        f"slot-{option.product_id}": f"{shop.store.pk}@{slot.isoformat()}"})


def test_the_slot_chosen_at_checkout_is_held_and_the_vouchers_carry_it(client):
    shop = _shop()
    response = _pay(client, shop, 2, next_hour(5))
    assert response.status_code == 200, response.content
    order = Order.objects.get()
    assert SlotPlaces.objects.get(location=shop.store, starts_at=next_hour(5)).taken == 2
    vouchers_issue_for_order(order_id=order.pk)
    vouchers = Voucher.objects.filter(order_line__order=order)
    assert vouchers.count() == 2
    bookings = Booking.objects.filter(order_line__order=order, status="booked")
    assert bookings.count() == 2
    assert {b.voucher_id for b in bookings} == {v.pk for v in vouchers}


def test_a_full_slot_refuses_the_order_before_any_charge(client):
    shop = _shop(capacity=1)
    taken = create_paid_vouchers(deal=shop.deal)[0]
    voucher_book(voucher=taken, location_id=shop.store.pk, starts_at=next_hour(5))
    response = _pay(client, shop, 1, next_hour(5))
    assert response.status_code == 409
    assert response.json()["code"] == "slot_unavailable"
    assert "You were not charged" in response.json()["message"]
    assert not Order.objects.filter(guest_email="guest@example.com").exists()
    assert SlotPlaces.objects.get(location=shop.store, starts_at=next_hour(5)).taken == 1


def test_a_declined_card_gives_the_slot_back(client):
    shop = _shop()
    declined = _pay(client, shop, 1, next_hour(5), card=card_payment_method("4000000000000341"))
    assert declined.status_code == 402
    assert SlotPlaces.objects.get(location=shop.store, starts_at=next_hour(5)).taken == 0
    assert not Booking.objects.filter(status="booked").exists()


def test_an_unreadable_slot_is_refused_with_a_message(client):
    shop = _shop()
    option = shop.deal.options.get()
    client.post(f"/basket/add/{option.product_id}/", {"quantity": 1}, HTTP_REFERER="/")
    client.post("/checkout/", {"username": "guest@example.com", "options": "anonymous"},
                follow=True)
    response = client.post("/checkout/preview/", {
        "action": "place_order", "payment_method_id": card_payment_method(),
        "expected_total": "20.00", f"slot-{option.product_id}": "tomorrow"})
    assert response.status_code == 400 and "slot" in response.json()["message"]
    assert not Order.objects.exists()

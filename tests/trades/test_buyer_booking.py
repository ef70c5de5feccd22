"""A buyer books a slot for their voucher from My vouchers, moves it, cancels it; the voucher
and its printout show the terms (uses left, usable times, the booking)."""
import pytest
from django.urls import reverse

from marketplace.bookings.models import SlotPlaces
from marketplace.languages.formats import moment
from merchants.selectors import location_zone
from tests.factories import UserFactory, create_paid_vouchers
from tests.factories.redemption import shop_with_vouchers
from vouchers import pdf
from vouchers.bookings import voucher_book
from vouchers.models import Booking

from .conftest import bookable_shop_make, next_hour, pass_option

pytestmark = pytest.mark.django_db


def _key(shop, starts_at):
    return f"{shop.store.pk}@{starts_at.isoformat()}"


def test_a_buyer_books_moves_and_cancels_a_slot_from_my_vouchers(client):
    buyer = UserFactory()
    shop = bookable_shop_make(quantity=1, user=buyer)
    voucher = shop.vouchers[0]
    client.force_login(buyer)
    page = client.get(reverse("vouchers:booking", args=[voucher.pk]))
    assert page.status_code == 200
    first, second = next_hour(4), next_hour(6)
    assert _key(shop, first) in page.content.decode()
    response = client.post(reverse("vouchers:booking", args=[voucher.pk]),
                           {"action": "book", "slot": _key(shop, first)})
    assert response.status_code == 302
    booking = Booking.objects.get(voucher=voucher, status="booked")
    assert booking.starts_at == first
    detail = client.get(reverse("vouchers:detail", args=[voucher.pk])).content.decode()
    assert "Booked for" in detail and first.strftime("%H:%M") in detail
    client.post(reverse("vouchers:booking", args=[voucher.pk]),
                {"action": "move", "slot": _key(shop, second)})
    assert Booking.objects.get(voucher=voucher, status="booked").starts_at == second
    assert Booking.objects.get(pk=booking.pk).status == "moved"
    assert SlotPlaces.objects.get(location=shop.store, starts_at=first).taken == 0
    assert SlotPlaces.objects.get(location=shop.store, starts_at=second).taken == 1
    client.post(reverse("vouchers:booking", args=[voucher.pk]), {"action": "cancel"})
    assert not Booking.objects.filter(voucher=voucher, status="booked").exists()
    assert SlotPlaces.objects.get(location=shop.store, starts_at=second).taken == 0


def test_a_full_slot_is_refused_with_a_message_and_nothing_changes(client):
    buyer = UserFactory()
    shop = bookable_shop_make(quantity=1, user=buyer, capacity=1)
    other = create_paid_vouchers(deal=shop.deal)[0]
    slot = next_hour(4)
    voucher_book(voucher=other, location_id=shop.store.pk, starts_at=slot)
    client.force_login(buyer)
    response = client.post(reverse("vouchers:booking", args=[shop.vouchers[0].pk]),
                           {"action": "book", "slot": _key(shop, slot)}, follow=True)
    assert "just been taken" in response.content.decode()
    assert not Booking.objects.filter(voucher=shop.vouchers[0]).exists()
    assert SlotPlaces.objects.get(location=shop.store, starts_at=slot).taken == 1


def test_a_booking_cannot_be_moved_after_the_cutoff(client):
    buyer = UserFactory()
    shop = bookable_shop_make(quantity=1, user=buyer, booking_cutoff_hours=24)
    voucher = shop.vouchers[0]
    booked = voucher_book(voucher=voucher, location_id=shop.store.pk, starts_at=next_hour(3))
    client.force_login(buyer)
    response = client.post(reverse("vouchers:booking", args=[voucher.pk]),
                           {"action": "move", "slot": _key(shop, next_hour(30))}, follow=True)
    assert "too late" in response.content.decode()
    assert Booking.objects.get(voucher=voucher, status="booked").pk == booked.pk


def test_someone_elses_voucher_has_no_booking_page(client):
    shop = bookable_shop_make(quantity=1, user=UserFactory())
    client.force_login(UserFactory())
    assert client.get(reverse("vouchers:booking", args=[shop.vouchers[0].pk])).status_code == 404


def test_the_voucher_page_shows_the_uses_left_of_a_pass(client):
    buyer = UserFactory()
    shop = shop_with_vouchers(quantity=0, options=[pass_option(uses=10)])
    voucher = create_paid_vouchers(deal=shop.deal, user=buyer)[0]
    voucher.uses_used = 2
    voucher.save(update_fields=["uses_used"])
    client.force_login(buyer)
    page = client.get(reverse("vouchers:detail", args=[voucher.pk])).content.decode()
    assert "8 uses left of 10" in page
    assert "8 uses left of 10" in client.get(reverse("vouchers:print", args=[voucher.pk])).content.decode()



def test_the_pdf_says_the_uses_left_the_usable_times_and_the_booking(client):
    buyer = UserFactory()
    shop = bookable_shop_make(quantity=0, options=[pass_option(uses=10)], usage_windows=[
        {"days": list(range(7)), "start": 0, "end": 24 * 60}])
    voucher = create_paid_vouchers(deal=shop.deal, user=buyer)[0]
    voucher_book(voucher=voucher, location_id=shop.store.pk, starts_at=next_hour(4))
    lines = pdf.terms_lines(voucher)
    assert lines[0] == "10 of 10 uses left"
    assert lines[1].startswith("Usable only Mon–Sun 00:00–24:00")
    booked_for = moment(next_hour(4), zone=location_zone(shop.store))  # in the reader's format
    assert lines[2] == f"Booked for {booked_for} at {shop.store.name}"
    client.force_login(buyer)
    assert client.get(f"/vouchers/{voucher.pk}/pdf/").content.startswith(b"%PDF")

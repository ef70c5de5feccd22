"""Merchant onboarding: public application, staff approval (accounts created, e-mailed) or rejection."""
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from marketplace.curation.models import MerchantApplication
from marketplace.curation.onboarding import (
    StoreSpec, merchant_application_approve, merchant_application_reject,
    merchant_application_submit,
)
from merchants.models import Membership, Merchant

pytestmark = pytest.mark.django_db
User = get_user_model()


def application(**overrides):
    fields = dict(business_name="Casa Verde Spa", contact_name="Rita Gomes",
                  contact_email="Rita@CasaVerde.pt", contact_phone="+351 21 000 0000",
                  description="Massages and facials",
                  stores=[StoreSpec(name="Chiado", address="Rua Garrett 10", city="Lisbon",
                                    latitude=Decimal("38.710"), longitude=Decimal("-9.142"))])
    fields.update(overrides)
    return merchant_application_submit(**fields)


def test_the_public_form_records_an_application_with_its_stores(client,
                                                                  django_capture_on_commit_callbacks):
    data = _form_data(address="Rua do Ouro 5", latitude="38.71", longitude="-9.13")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("curation-apply:form"), data)
    assert response.status_code == 302
    app = MerchantApplication.objects.get()
    assert (app.business_name, app.status) == ("Barbearia Lx", "pending")
    assert [s.name for s in app.stores.all()] == ["Baixa"]
    assert mail.outbox[0].to == ["joao@barbearia.pt"]


def test_an_application_without_stores_is_refused_with_a_message(client):
    data = {"business_name": "X", "contact_name": "Y", "contact_email": "y@example.com",
            "stores-TOTAL_FORMS": "1", "stores-INITIAL_FORMS": "0", "stores-MIN_NUM_FORMS": "1",
            "stores-MAX_NUM_FORMS": "1000"}
    response = client.post(reverse("curation-apply:form"), data)
    assert response.status_code == 200
    assert MerchantApplication.objects.count() == 0
    assert "Please submit at least 1 form" in response.content.decode()


def test_approval_creates_merchant_stores_and_owner_account_and_mails_a_password_link(
        staff, django_capture_on_commit_callbacks):
    app = application()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        merchant = merchant_application_approve(application=app, actor=staff)
    owner = User.objects.get(email="rita@casaverde.pt")
    assert not owner.has_usable_password()
    assert Membership.objects.get(merchant=merchant, user=owner).role == Membership.Role.OWNER
    assert [(loc.name, loc.city) for loc in merchant.locations.all()] == [("Chiado", "Lisbon")]
    app.refresh_from_db()
    assert (app.status, app.merchant, app.reviewed_by) == ("approved", merchant, staff)
    assert mail.outbox[0].to == ["rita@casaverde.pt"]
    assert "/password-reset/confirm/" in mail.outbox[0].body
    with pytest.raises(ValidationError):
        merchant_application_approve(application=app, actor=staff)
    assert Merchant.objects.count() == 1


def test_rejection_needs_a_reason_which_is_mailed(staff, django_capture_on_commit_callbacks):
    app = application()
    mail.outbox.clear()
    with pytest.raises(ValidationError):
        merchant_application_reject(application=app, actor=staff, reason="  ")
    app.refresh_from_db()
    assert app.status == "pending"
    with django_capture_on_commit_callbacks(execute=True):
        merchant_application_reject(application=app, actor=staff,
                                    reason="We need a licence for massage services.")
    app.refresh_from_db()
    assert (app.status, app.reject_reason) == ("rejected", "We need a licence for massage services.")
    assert "licence for massage" in mail.outbox[0].body
    assert not Merchant.objects.exists()


def test_staff_approve_through_the_dashboard(client, staff, django_capture_on_commit_callbacks):
    app = application()
    client.force_login(staff)
    url = reverse("curation:curation-application-detail", kwargs={"pk": app.pk})
    assert "Casa Verde Spa" in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"decision": "approve"})
    assert response.status_code == 302
    assert Merchant.objects.get().name == "Casa Verde Spa"


def _form_data(**store):
    data = {
        "business_name": "Barbearia Lx", "contact_name": "João Silva",
        "contact_email": "joao@barbearia.pt", "contact_phone": "", "description": "", "website": "",
        "stores-TOTAL_FORMS": "1", "stores-INITIAL_FORMS": "0", "stores-MIN_NUM_FORMS": "1",
        "stores-MAX_NUM_FORMS": "1000",
        "stores-0-name": "Baixa", "stores-0-city": "Lisbon", "stores-0-postcode": "",
        "stores-0-latitude": "", "stores-0-longitude": "",
    }
    data.update({f"stores-0-{k}": v for k, v in store.items()})
    return data


def test_an_address_alone_is_placed_on_the_map_by_the_geocoder(client):
    response = client.post(reverse("curation-apply:form"), _form_data(address="R. Augusta 20"))
    assert response.status_code == 302
    store = MerchantApplication.objects.get().stores.get()
    assert (store.latitude, store.longitude) == (Decimal("38.710100"), Decimal("-9.137300"))


def test_the_pin_the_merchant_dragged_wins_over_the_address(client):
    client.post(reverse("curation-apply:form"), _form_data(
        address="Rua Augusta 20", latitude="38.711111", longitude="-9.136666"))
    store = MerchantApplication.objects.get().stores.get()
    assert (store.latitude, store.longitude) == (Decimal("38.711111"), Decimal("-9.136666"))


def test_an_address_nobody_finds_asks_for_the_pin_and_records_nothing(client):
    response = client.post(reverse("curation-apply:form"), _form_data(address="Nowhere Lane 9"))
    assert response.status_code == 200
    assert "We could not find this address on the map" in response.content.decode()
    assert "place the pin on the map by hand" in response.content.decode()
    assert not MerchantApplication.objects.exists()


def test_the_map_asks_where_an_address_is(client):
    found = client.get(reverse("curation-apply:locate"),
                       {"address": "Rua de Cedofeita 120", "city": "Porto"}).json()
    assert found == {"found": True, "latitude": 41.1531, "longitude": -8.6193,
                     "label": "Rua de Cedofeita, Porto"}
    missing = client.get(reverse("curation-apply:locate"), {"address": "Nowhere", "city": "Porto"})
    assert missing.json()["found"] is False and "place the pin" in missing.json()["message"]


def test_staff_see_the_pins_of_the_stores_before_approving(client, staff):
    app = application()
    client.force_login(staff)
    page = client.get(reverse("curation:curation-application-detail", kwargs={"pk": app.pk}))
    html = page.content.decode()
    assert 'id="application-map"' in html
    assert "&quot;latitude&quot;: 38.71, &quot;longitude&quot;: -9.142" in html
    assert "vendor/leaflet/leaflet.js" in html and "unpkg" not in html


def test_an_approved_store_in_a_known_city_gets_its_time_zone(staff):
    app = application(stores=[StoreSpec(name="Xintiandi", address="马当路 245号", city="上海",
                                        latitude=Decimal("31.219"), longitude=Decimal("121.475"))])
    merchant = merchant_application_approve(application=app, actor=staff)
    assert merchant.locations.get().timezone == "Asia/Shanghai"

"""Merchant onboarding: public application, staff approval (accounts created, e-mailed) or rejection."""
from decimal import Decimal

import pytest
from django.conf import settings
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
    data = {
        "business_name": "Barbearia Lx", "contact_name": "João Silva",
        "contact_email": "joao@barbearia.pt", "contact_phone": "", "description": "", "website": "",
        "stores-TOTAL_FORMS": "2", "stores-INITIAL_FORMS": "0", "stores-MIN_NUM_FORMS": "1",
        "stores-MAX_NUM_FORMS": "1000",
        "stores-0-name": "Baixa", "stores-0-address": "Rua do Ouro 5", "stores-0-city": "Lisbon",
        "stores-0-latitude": "38.71", "stores-0-longitude": "-9.13",
    }
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
    # A set-password link: allauth's reset-key page, absolute to the site.
    assert settings.MARKETPLACE_SITE_URL.rstrip("/") + "/accounts/password/reset/key/" in mail.outbox[0].body
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

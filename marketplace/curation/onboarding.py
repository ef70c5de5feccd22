"""Merchant onboarding: a public application, then staff approve (merchant and owner created and
told) or reject it with a reason (told too)."""
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from merchants.models import Merchant
from merchants.services import location_create, merchant_create

from marketplace.accounts.adapter import password_set_url
from marketplace.core.mail import absolute_url, mail_after_commit
from .models import MerchantApplication, MerchantApplicationStore

User = get_user_model()


@dataclass(frozen=True)
class StoreSpec:
    name: str
    address: str
    city: str
    latitude: Decimal
    longitude: Decimal
    postcode: str = ""
    phone: str = ""


@transaction.atomic
def merchant_application_submit(*, business_name: str, contact_name: str, contact_email: str,
                                stores: list[StoreSpec], contact_phone: str = "",
                                description: str = "", website: str = "") -> MerchantApplication:
    if not stores:
        raise ValidationError(_("Tell us about at least one store where buyers redeem vouchers."))
    application = MerchantApplication.objects.create(
        business_name=business_name.strip(), contact_name=contact_name.strip(),
        contact_email=contact_email.strip().lower(), contact_phone=contact_phone.strip(),
        description=description, website=website,
    )
    for spec in stores:
        MerchantApplicationStore.objects.create(application=application, **spec.__dict__)
    mail_after_commit(
        to=[application.contact_email], template="curation/email/application_received",
        context={"application": application},
    )
    return application


@transaction.atomic
def merchant_application_approve(*, application: MerchantApplication, actor) -> Merchant:
    """Create the merchant, its stores and its owner's account, and e-mail the owner."""
    application = _lock_pending(application)
    owner, created = _owner_account(application)
    merchant = merchant_create(
        name=application.business_name, description=application.description,
        contact_email=application.contact_email, contact_phone=application.contact_phone,
        owner=owner,
    )
    if application.website:
        merchant.website = application.website
        merchant.save(update_fields=["website"])
    for store in application.stores.all():
        location_create(
            merchant=merchant, name=store.name, address=store.address, city=store.city,
            postcode=store.postcode, latitude=store.latitude, longitude=store.longitude,
            phone=store.phone,
        )
    _decide(application, MerchantApplication.Status.APPROVED, actor, merchant=merchant)
    mail_after_commit(
        to=[application.contact_email], template="curation/email/application_approved",
        context={"application": application, "merchant": merchant, "owner": owner,
                 "new_account": created, "set_password_url": password_set_url(owner),
                 "portal_url": absolute_url(reverse("merchant_portal:dashboard",
                                                     kwargs={"slug": merchant.slug}))},
    )
    return merchant


@transaction.atomic
def merchant_application_reject(*, application: MerchantApplication, actor,
                                reason: str) -> MerchantApplication:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the application is rejected: the applicant reads it.")})
    application = _lock_pending(application)
    _decide(application, MerchantApplication.Status.REJECTED, actor, reject_reason=reason)
    mail_after_commit(
        to=[application.contact_email], template="curation/email/application_rejected",
        context={"application": application,
                 "apply_url": absolute_url(reverse("curation-apply:form"))},
    )
    return application


def merchant_applications(*, status: str | None = None):
    qs = MerchantApplication.objects.prefetch_related("stores")
    return qs.filter(status=status) if status else qs


def _lock_pending(application: MerchantApplication) -> MerchantApplication:
    application = MerchantApplication.objects.select_for_update().get(pk=application.pk)
    if application.status != MerchantApplication.Status.PENDING:
        raise ValidationError(_("This application was already %(status)s.") % {
            "status": application.get_status_display().lower()})
    return application


def _decide(application: MerchantApplication, status: str, actor, **fields) -> None:
    for name, value in {"status": status, "reviewed_by": actor, "reviewed_at": timezone.now(),
                        **fields}.items():
        setattr(application, name, value)
    application.save()


def _owner_account(application: MerchantApplication):
    existing = User.objects.filter(email__iexact=application.contact_email).order_by("pk").first()
    if existing:
        return existing, False
    first, _, last = application.contact_name.partition(" ")
    username = application.contact_email[:150]
    n = 1
    while User.objects.filter(username=username).exists():
        n += 1
        username = f"{application.contact_email[:140]}-{n}"
    user = User.objects.create_user(username=username, email=application.contact_email,
                                    first_name=first[:150], last_name=last[:150])
    user.set_unusable_password()
    user.save(update_fields=["password"])
    return user, True

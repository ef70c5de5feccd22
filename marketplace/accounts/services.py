"""Guest purchases become an account's: only once the account proved both its password and the
address's mailbox in one browser (the rule, and why, in claims.py's docstring)."""
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from marketplace.core.mail import absolute_url, mail_send
from vouchers.models import Voucher

from .models import AddressClaim
from .selectors import address_verified_for, addresses_claimed_by

Order = get_model("order", "Order")
CLAIM_LINK_SALT = "marketplace.accounts.claim"
CLAIM_LINK_COOLDOWN_SECONDS = 180


@dataclass(frozen=True)
class ClaimOutcome:
    orders: int = 0
    vouchers: int = 0

    def __add__(self, other: "ClaimOutcome") -> "ClaimOutcome":
        return ClaimOutcome(self.orders + other.orders, self.vouchers + other.vouchers)


class ClaimRefused(Exception):
    """Nothing was linked; ``message`` says why, for the account's owner."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def purchases_claim_for_address(*, user, email: str) -> ClaimOutcome:
    """Guest orders placed with ``email``, their vouchers (gifts included: they belong to the
    payer) and their group-buy pledges become ``user``'s. Idempotent.

    The caller has established that ``user`` proved the mailbox in its own signed-in browser;
    this checks again that the address is verified for the account, and records the claim so
    later guest purchases with the address follow at the next sign-in.
    """
    email = email.strip().lower()
    if not address_verified_for(user=user, email=email):
        return ClaimOutcome()
    with transaction.atomic():
        AddressClaim.objects.update_or_create(email=email, defaults={"user": user})
        order_ids = list(Order.objects.select_for_update()
                         .filter(user__isnull=True, guest_email__iexact=email)
                         .values_list("pk", flat=True))
        orders = Order.objects.filter(pk__in=order_ids).update(user=user)
        # Also vouchers of orders claimed before, issued after that claim (issuing reads the
        # order's user as it was when the task started).
        vouchers = Voucher.objects.filter(
            owner__isnull=True, order_line__order__user=user,
            order_line__order__guest_email__iexact=email).update(owner=user)
    return ClaimOutcome(orders=orders, vouchers=vouchers)


def purchases_claim_catch_up(*, user) -> ClaimOutcome:
    """At sign-in: guest purchases made since with an address the account claimed before."""
    outcome = ClaimOutcome()
    for email in addresses_claimed_by(user=user):
        outcome += purchases_claim_for_address(user=user, email=email)
    return outcome


def claim_link_send(*, user, email: str) -> None:
    """E-mail a fresh link that links the address's guest purchases when opened while signed
    in to ``user`` (an address verified without being signed in claimed nothing)."""
    email = email.strip().lower()
    if not address_verified_for(user=user, email=email):
        raise ClaimRefused(_("Verify this address first."))
    if not cache.add(f"accounts-claim-link:{user.pk}", 1, timeout=CLAIM_LINK_COOLDOWN_SECONDS):
        raise ClaimRefused(_("A link was sent a moment ago: please check your e-mail."))
    token = signing.dumps({"user": user.pk, "email": email}, salt=CLAIM_LINK_SALT)
    mail_send(template="accounts/email/claim_link", to=[email], context={
        "email": email, "hours": settings.ACCOUNTS_CLAIM_LINK_HOURS,
        "claim_url": absolute_url(reverse("accounts:claim-confirm", args=[token])),
    })


def claim_link_read(*, user, token: str) -> str:
    """The address a claim link is for, when it is valid for ``user`` now; else ClaimRefused."""
    try:
        data = signing.loads(token, salt=CLAIM_LINK_SALT,
                             max_age=settings.ACCOUNTS_CLAIM_LINK_HOURS * 3600)
    except signing.SignatureExpired:
        raise ClaimRefused(_("This link has expired: ask for a new one on your account page.")) from None
    except signing.BadSignature:
        raise ClaimRefused(_("This link is not valid.")) from None
    if not isinstance(data, dict) or data.get("user") != user.pk:
        raise ClaimRefused(_("This link was sent for another account: sign in to that account "
                             "and open it again."))
    email = str(data.get("email", ""))
    if not address_verified_for(user=user, email=email):
        raise ClaimRefused(_("This address is no longer verified on your account."))
    return email


def claim_link_use(*, user, token: str) -> ClaimOutcome:
    return purchases_claim_for_address(user=user, email=claim_link_read(user=user, token=token))


def address_mark_verified(*, user, email: str) -> None:
    """Record ``email`` as ``user``'s verified primary address without a link: for accounts the
    platform made and vouches for (the demo's logins). Claims nothing."""
    EmailAddress.objects.update_or_create(
        user=user, email=email.strip().lower(), defaults={"verified": True, "primary": True})


def address_verify_by_password_reset(*, user) -> None:
    """A password-reset link reaches its user only by e-mail: when the account knows just one
    address, following the link proves it, as allauth's reset by code does. Without this the
    owner of an approved merchant, who chooses a password from the approval e-mail, would be
    asked to confirm the very address the link came to before signing in."""
    email = (user.email or "").strip()
    if not email or EmailAddress.objects.filter(user=user).exclude(email__iexact=email).exists():
        return
    address_mark_verified(user=user, email=email)

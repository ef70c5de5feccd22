"""Reading accounts: which addresses a user verified and claimed, what is left to claim."""
from allauth.account.models import EmailAddress
from oscar.core.loading import get_model

from .models import AddressClaim

Order = get_model("order", "Order")


def address_verified_for(*, user, email: str) -> bool:
    return EmailAddress.objects.filter(user=user, email__iexact=email, verified=True).exists()


def addresses_claimed_by(*, user) -> list[str]:
    """The claimed addresses the user still holds verified (a changed address stops counting)."""
    verified = EmailAddress.objects.filter(user=user, verified=True).values_list("email", flat=True)
    return list(AddressClaim.objects.filter(user=user, email__in=list(verified))
                .values_list("email", flat=True))


def addresses_to_claim(*, user) -> list[str]:
    """Verified addresses of the user with guest orders not linked to the account yet: the
    account page offers to link them (by a link opened while signed in)."""
    if not user.is_authenticated:
        return []
    verified = list(EmailAddress.objects.filter(user=user, verified=True)
                    .values_list("email", flat=True))
    return [email for email in verified
            if Order.objects.filter(user__isnull=True, guest_email__iexact=email).exists()]

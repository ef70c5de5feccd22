"""When a verification claims guest purchases: the mailbox and the password proven in one browser.

An HMAC link proves only that someone read the mailbox. Someone may sign up with another
person's address and wait for that person to click "confirm" in their own browser: the address
is then verified on the stranger's account. So a verification claims the address's guest
purchases only when the browser that confirmed it is signed in to the same account, either
already (confirming while signed in) or in the same request (allauth signs in the browser that
signed up, ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION). A verification completed anywhere else verifies
the address and claims nothing; the account page then offers a fresh link (services.claim_link_send).
"""
from .services import purchases_claim_catch_up, purchases_claim_for_address

# Set on the request (never in the session, so it cannot outlive the confirming request).
PROVEN = "marketplace_accounts_mailbox_proven"


def on_email_confirmed(*, request, email_address) -> None:
    if request is None:  # staff marked the address verified: no browser proved anything
        return
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.pk == email_address.user_id:
        purchases_claim_for_address(user=user, email=email_address.email)
        return
    setattr(request, PROVEN, (email_address.user_id, email_address.email))


def on_signed_in(*, request, user) -> None:
    proven = getattr(request, PROVEN, None) if request is not None else None
    if proven and proven[0] == user.pk:
        purchases_claim_for_address(user=user, email=proven[1])
    purchases_claim_catch_up(user=user)

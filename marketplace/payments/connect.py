"""Stripe Connect: merchants' Express accounts, their onboarding links, and the Transfers that
pay them. The only module that talks to Stripe about Connect (charges: services.py), on the
client configured for it (gateway.stripe_client(purpose="connect"): stripe-mock in tests).

It knows nothing of the ledger: it does one thing at Stripe and reports what Stripe said. A
refusal that will not change by asking again (TransferRefused) is told apart from Stripe not
answering (ProcessorUnavailable), after which the same request, with the same idempotency key,
is to be sent again.
"""
import logging
from dataclasses import dataclass
from decimal import Decimal

import stripe

from .error_codes import ProcessorUnavailable
from .gateway import from_minor_units, stripe_client, to_minor_units

logger = logging.getLogger(__name__)

# Stripe did not answer, or answered that it could not do it now: ask again later, same key.
_TRANSIENT = (stripe.APIConnectionError, stripe.RateLimitError, stripe.APIError,
              stripe.IdempotencyError)


@dataclass(frozen=True)
class ConnectedAccount:
    id: str
    details_submitted: bool
    payouts_enabled: bool
    # A Transfer to the account is accepted only when its "transfers" capability is active.
    transfers_active: bool


@dataclass(frozen=True)
class TransferState:
    id: str
    amount: Decimal
    amount_reversed: Decimal


class TransferRefused(Exception):
    """Stripe refused the transfer and would refuse it again (no money moved)."""

    def __init__(self, code: str, message: str):
        self.code = code
        super().__init__(message)


def connect_account_create(*, reference: str, email: str, business_name: str,
                           country: str) -> ConnectedAccount:
    """An Express account for a merchant (``reference``: ours, e.g. "merchant-7"), once per
    reference: a retry gets the same account back from Stripe."""
    params = {"type": "express", "country": country,
              "capabilities": {"transfers": {"requested": True}},
              "business_profile": {"name": business_name[:100]}, "metadata": {"ref": reference}}
    if email:
        params["email"] = email
    account = _call(lambda client: client.v1.accounts.create(
        params=params, options={"idempotency_key": f"account-{reference}"}))
    return _account(account)


def connect_account_read(*, account_id: str) -> ConnectedAccount:
    return _account(_call(lambda client: client.v1.accounts.retrieve(account_id)))


def connect_onboarding_link(*, account_id: str, refresh_url: str, return_url: str) -> str:
    """Where the merchant goes to finish their account at Stripe (a link valid a few minutes)."""
    link = _call(lambda client: client.v1.account_links.create(params={
        "account": account_id, "refresh_url": refresh_url, "return_url": return_url,
        "type": "account_onboarding"}))
    return link.url


def connect_transfer_send(*, amount: Decimal, currency: str, destination: str,
                          transfer_group: str, idempotency_key: str, metadata: dict) -> str:
    """Move ``amount`` to the connected account ``destination``; returns the Transfer's id.

    Before creating, the transfers of ``transfer_group`` are searched for one made with our
    ``idempotency_key`` (in its metadata): a retry finds the transfer of an earlier try even
    after Stripe has forgotten the idempotency key (24 hours). Raises TransferRefused (Stripe
    refuses: no money moved) or ProcessorUnavailable (send again later, same key).
    """
    try:
        client = stripe_client(purpose="connect")
        for transfer in client.v1.transfers.list(
                params={"transfer_group": transfer_group, "limit": 100}).auto_paging_iter():
            if (transfer.transfer_group == transfer_group
                    and _plain(transfer.metadata).get("key") == idempotency_key):
                return transfer.id
        transfer = client.v1.transfers.create(params={
            "amount": to_minor_units(amount, currency), "currency": currency.lower(),
            "destination": destination, "transfer_group": transfer_group,
            "metadata": {**metadata, "key": idempotency_key},
        }, options={"idempotency_key": idempotency_key})
    except _TRANSIENT as exc:
        logger.warning("transfer %s: Stripe did not answer: %s", idempotency_key, exc)
        raise ProcessorUnavailable(str(exc)) from exc
    except stripe.StripeError as exc:
        logger.warning("transfer %s refused by Stripe: %s", idempotency_key, exc)
        raise TransferRefused(getattr(exc, "code", "") or type(exc).__name__,
                              exc.user_message or str(exc)) from exc
    return transfer.id


def connect_transfer_read(*, transfer_id: str, currency: str) -> TransferState:
    transfer = _call(lambda client: client.v1.transfers.retrieve(transfer_id))
    return TransferState(id=transfer.id, amount=from_minor_units(transfer.amount, currency),
                         amount_reversed=from_minor_units(transfer.amount_reversed or 0, currency))


def _call(request):
    try:
        return request(stripe_client(purpose="connect"))
    except stripe.StripeError as exc:
        raise ProcessorUnavailable(str(exc)) from exc


def _plain(stripe_object) -> dict:
    """A nested Stripe object (metadata, capabilities) as a dict (it is not one)."""
    return stripe_object.to_dict() if stripe_object else {}


def _account(account) -> ConnectedAccount:
    capabilities = _plain(account.capabilities)
    return ConnectedAccount(
        id=account.id, details_submitted=bool(account.details_submitted),
        payouts_enabled=bool(account.payouts_enabled),
        transfers_active=capabilities.get("transfers") == "active")

"""Writing vouchers. Every change of state goes through voucher_transition, which records it."""
from django.db import transaction
from django.utils import timezone

from .models import Voucher, VoucherEvent


def voucher_transition(*, voucher: Voucher, to_status: str, actor=None, actor_label: str = "",
                       reason: str = "") -> Voucher:
    """Move ``voucher`` (already locked by the caller's transaction) to ``to_status``, with history.

    Callers hold the row lock (select_for_update) and decide whether the move is allowed; this
    function only writes the new state and the event, so the history can never disagree with it.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("voucher_transition must run inside the caller's transaction")
    now = timezone.now()
    VoucherEvent.objects.create(
        voucher=voucher, from_status=voucher.status, to_status=to_status, actor=actor,
        actor_label=actor_label, reason=reason,
    )
    voucher.status = to_status
    voucher.status_changed_at = now
    voucher.save(update_fields=["status", "status_changed_at"])
    return voucher

"""Staff support for bought vouchers: find one by code, order number or e-mail; void or refund it."""
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from vouchers import codes
from vouchers import services as voucher_services
from vouchers.models import Voucher, VoucherEvent

VOIDABLE = (Voucher.Status.ISSUED,)


def vouchers_find(*, query: str) -> QuerySet:
    """Vouchers matching a code (any formatting), an order number or a buyer's e-mail."""
    query = (query or "").strip()
    qs = Voucher.objects.select_related("deal__product", "merchant", "order_line__order")
    if not query:
        return qs.none()
    match = Q(order_line__order__number__iexact=query)
    if "@" in query:
        match |= (Q(holder_email__iexact=query) | Q(owner__email__iexact=query)
                  | Q(order_line__order__guest_email__iexact=query))
    normalized = codes.normalize(query)
    if codes.is_well_formed(normalized):
        match |= Q(code_digest=codes.digest(normalized))
    return qs.filter(match).order_by("-issued_at", "id")


def voucher_history(*, voucher: Voucher) -> QuerySet:
    return VoucherEvent.objects.filter(voucher=voucher).select_related("actor").order_by("created_at", "id")


@transaction.atomic
def voucher_void(*, voucher: Voucher, actor, reason: str) -> Voucher:
    """Cancel an unused voucher without refunding it (fraud, mistake), with the reason recorded."""
    reason = _required_reason(reason)
    voucher = Voucher.objects.select_for_update().get(pk=voucher.pk)
    if voucher.status not in VOIDABLE:
        raise ValidationError(_("Only an unused voucher can be voided; this one is %(status)s.") % {
            "status": voucher.get_status_display().lower()})
    return voucher_services.voucher_void(voucher=voucher, actor=actor, reason=reason)


def voucher_staff_refund(*, voucher: Voucher, actor, reason: str) -> Voucher:
    """Refund one voucher's price to the buyer's card (Stripe), recording who and why."""
    reason = _required_reason(reason)
    try:
        return voucher_services.voucher_refund(voucher=voucher, actor=actor, reason=reason)
    except voucher_services.VoucherRefundError as error:
        raise ValidationError(str(error)) from error


def _required_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give a reason: it is kept in the voucher's history.")})
    return reason

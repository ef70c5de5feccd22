"""Where an order's vouchers go and sending them: to the buyer right after issuing, or as a gift to
someone else on the day the buyer chose (the gift rules live here, once; checkout asks them)."""
import logging
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from marketplace.core.mail import mail_send
from marketplace.core.order_status import PAID

from . import tasks
from .models import OrderDelivery, Voucher
from .pdf import vouchers_pdf

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class GiftSpec:
    recipient_name: str
    recipient_email: str
    message: str = ""
    deliver_on: date | None = None


def gift_check(gift: GiftSpec) -> None:
    """The gift rules: a recipient named, a valid e-mail, a delivery day not in the past.
    Raises ValidationError with a message per field (recipient_name, recipient_email,
    deliver_on), the names of the place-order form's fields."""
    errors = {}
    if not gift.recipient_name.strip():
        errors["recipient_name"] = _("Whom is the gift for?")
    if not gift.recipient_email.strip():
        errors["recipient_email"] = _("The recipient's e-mail address is needed.")
    else:
        try:
            validate_email(gift.recipient_email)
        except ValidationError:
            errors["recipient_email"] = _("Enter a valid e-mail address for the recipient.")
    if gift.deliver_on and gift.deliver_on < timezone.now().date():
        errors["deliver_on"] = _("Choose today or a later day.")
    if errors:
        raise ValidationError(errors)


def order_delivery_create(*, order, email: str, buyer_name: str = "",
                          gift: GiftSpec | None = None) -> OrderDelivery:
    """Where the order's vouchers go: the buyer at ``email``, or the gift's recipient (checked)."""
    if gift is None:
        return OrderDelivery.objects.create(order=order, recipient_name=buyer_name,
                                            recipient_email=email)
    gift_check(gift)
    return OrderDelivery.objects.create(
        order=order, is_gift=True, recipient_name=gift.recipient_name,
        recipient_email=gift.recipient_email, message=gift.message, deliver_on=gift.deliver_on)


def vouchers_delivery_schedule(*, order) -> None:
    """Queue the e-mail of an order's vouchers after commit, unless it is a gift for later."""
    delivery = getattr(order, "delivery", None)
    if delivery is not None and not _is_due(delivery):
        return
    order_id = order.pk
    transaction.on_commit(lambda: tasks.voucher_deliver_order_task.delay(order_id))


def vouchers_deliver_for_order(*, order_id: int) -> bool:
    """E-mail the vouchers of one order if due and not sent yet. True when an e-mail went out."""
    with transaction.atomic():
        delivery = (OrderDelivery.objects.select_for_update().select_related("order")
                    .filter(order_id=order_id).first())
        if delivery is None or delivery.sent_at or not _is_due(delivery):
            return False
        vouchers = list(Voucher.objects.filter(order_line__order_id=order_id,
                                               status=Voucher.Status.ISSUED)
                        .select_related("deal__product", "deal__merchant", "option")
                        .prefetch_related("deal__locations__merchant")
                        .order_by("order_line_id", "unit_index"))
        if not vouchers:
            return False
        # Sent inside the transaction: if the mail fails, sent_at stays empty and a retry sends it.
        _send(delivery, vouchers)
        delivery.sent_at = timezone.now()
        delivery.save(update_fields=["sent_at"])
    return True


def vouchers_deliver_due() -> int:
    """Send every delivery that is due (gifts whose day has come). Run by Celery beat."""
    today = timezone.now().date()
    due = (OrderDelivery.objects.filter(sent_at__isnull=True, deliver_on__lte=today,
                                        order__status=PAID)
           .values_list("order_id", flat=True))
    return sum(1 for order_id in list(due) if vouchers_deliver_for_order(order_id=order_id))


def _is_due(delivery: OrderDelivery) -> bool:
    return delivery.deliver_on is None or delivery.deliver_on <= timezone.now().date()


def _send(delivery: OrderDelivery, vouchers: list[Voucher]) -> None:
    order = delivery.order
    # The e-mail and its PDF in the recipient's language (a gift's recipient: the buyer's).
    mail_send(template="vouchers/email/vouchers", to=[delivery.recipient_email], order=order, context={
        "delivery": delivery, "order": order, "vouchers": vouchers, "deal": vouchers[0].deal,
        "buyer_name": order.user.get_full_name() if order.user_id else "",
        "site_name": settings.OSCAR_SHOP_NAME,
    }, attachments=lambda: ((f"vouchers-{order.number}.pdf", vouchers_pdf(vouchers), "application/pdf"),))

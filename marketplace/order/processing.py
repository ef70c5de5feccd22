"""Oscar's order hook: a staff status change in the order dashboard goes through our lifecycle."""
from oscar.apps.order import processing
from oscar.apps.payment.exceptions import PaymentError

from .sync import OrderChangeRefused, order_status_change_by_staff


class EventHandler(processing.EventHandler):
    def handle_order_status_change(self, order, new_status, note_msg=None):
        """Refunded refunds at Stripe and voids the vouchers; a change the payment does not
        allow raises PaymentError, which Oscar's dashboard shows as a message (nothing changed)."""
        try:
            order_status_change_by_staff(order_id=order.pk, new_status=new_status, user=self.user)
        except OrderChangeRefused as refusal:
            raise PaymentError(str(refusal)) from refusal
        order.refresh_from_db()
        if note_msg:
            self.create_note(order, note_msg)

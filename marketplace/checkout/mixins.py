"""Oscar's payment hook: handle_payment charges the reserved order through Stripe."""
from oscar.apps.checkout.mixins import OrderPlacementMixin as CoreOrderPlacementMixin

from marketplace.order.sync import PaymentOutcome

from .services import checkout_pay


class OrderPlacementMixin(CoreOrderPlacementMixin):
    def handle_payment(self, order_number, total, **kwargs) -> PaymentOutcome:
        """Pay the reserved order ``order_number`` (given as ``order``) by card.

        Unlike Oscar's default flow the order already exists (its units are reserved); the
        outcome says whether it is paid, needs 3-D Secure, or failed (units released).
        """
        return checkout_pay(order=kwargs["order"], payment_method_id=kwargs["payment_method_id"])

"""Oscar's payment hook: handle_payment charges the reserved order through Stripe."""
from oscar.apps.checkout.mixins import OrderPlacementMixin as CoreOrderPlacementMixin

from marketplace.payments.services import PaymentOutcome, payment_charge


class OrderPlacementMixin(CoreOrderPlacementMixin):
    def handle_payment(self, order_number, total, **kwargs) -> PaymentOutcome:
        """Create and confirm the PaymentIntent of the reserved order ``order_number``.

        Unlike Oscar's default flow the order already exists (its units are reserved); the
        outcome says whether it is paid, needs 3-D Secure, or failed (units released).
        """
        return payment_charge(attempt_id=kwargs["attempt_id"],
                              payment_method_id=kwargs["payment_method_id"])

from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    """Stripe payments of orders: attempts, webhook events, refunds (not Oscar's `payment` app)."""

    name = "marketplace.payments"
    label = "payments"
    default_auto_field = "django.db.models.AutoField"

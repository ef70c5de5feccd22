import oscar.apps.order.apps as apps


class OrderConfig(apps.OrderConfig):
    """Oscar's orders, with our lifecycle (lifecycle.py), its convergence on Stripe's truth
    (sync.py), the staff hook (processing.py) and Stripe's webhook (views.py)."""

    name = "marketplace.order"

    def ready(self):
        super().ready()
        from . import receivers  # noqa: F401  Django's way: connect receivers once apps are ready

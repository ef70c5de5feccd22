"""Oscar's signals that curation listens to; each handler is one call to a service."""
from django.dispatch import receiver
from oscar.apps.order.signals import order_placed

from .commissions import order_commissions_record


@receiver(order_placed, dispatch_uid="curation_record_commissions")
def record_commissions(sender, order, **kwargs):
    order_commissions_record(order=order)

"""Signal receivers of the order lifecycle (connected in OrderConfig.ready): one line each."""
from django.dispatch import receiver

from marketplace.groupbuy.signals import pledge_payment_changed

from .sync import order_sync_with_stripe


@receiver(pledge_payment_changed, dispatch_uid="order_follows_pledge_payment")
def order_follows_pledge_payment(sender, pledge, **kwargs):
    order_sync_with_stripe(order_id=pledge.attempt.order_id)

"""What group buying tells the layers above it (the order lifecycle listens: order/receivers.py)."""
from django.dispatch import Signal

# Sent, with ``pledge``, after group buying moved a pledge's money at Stripe (captured it,
# charged the saved card, cancelled it) or the buyer came back from authenticating: the order
# must now follow what Stripe says. Receivers run in the sender's transaction, the pledge locked.
pledge_payment_changed = Signal()

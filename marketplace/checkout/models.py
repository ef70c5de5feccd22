"""Oscar's checkout has no models; where an order's vouchers go is vouchers.OrderDelivery."""
from oscar.apps.checkout.models import *  # noqa: F401,F403  Oscar's (empty) checkout models

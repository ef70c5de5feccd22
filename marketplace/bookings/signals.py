"""What bookings tell the layers above: the free places of a store's slots changed."""
from django.dispatch import Signal

# Sent with ``location_id`` after places were taken or given back, or the schedule changed
# (search re-indexes the store's deals: their next free slot).
places_changed = Signal()

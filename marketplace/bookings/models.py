"""When a store takes bookings (its schedule, and the days that differ) and the places taken in
each slot. Which voucher holds a place is the voucher's business (vouchers/bookings.py)."""
from django.db import models
from django.utils.translation import gettext_lazy as _

from marketplace.core import weekly


class StoreSchedule(models.Model):
    """A store's bookable time: slots of ``slot_minutes`` inside its hours, ``capacity`` places each."""

    location = models.OneToOneField("merchants.Location", on_delete=models.CASCADE,
                                    related_name="schedule")
    slot_minutes = models.PositiveIntegerField(default=60)
    capacity = models.PositiveIntegerField(default=1, help_text=_("Places in each slot."))
    # Weekly spans (marketplace/core/weekly.py): when slots are offered, per weekday.
    hours = models.JSONField(default=list)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=models.Q(slot_minutes__gte=5), name="slot_of_five_minutes_or_more"),
        ]

    def __str__(self):
        return f"Schedule of {self.location_id}"


class ScheduleException(models.Model):
    """A day a store's slots differ from its week: closed, or other hours or places."""

    location = models.ForeignKey("merchants.Location", on_delete=models.CASCADE,
                                 related_name="schedule_exceptions")
    day = models.DateField()
    closed = models.BooleanField(default=False)
    # Minutes of the day (empty: the usual hours of that weekday).
    start = models.PositiveIntegerField(null=True, blank=True)
    end = models.PositiveIntegerField(null=True, blank=True)
    capacity = models.PositiveIntegerField(null=True, blank=True)
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["day"]
        constraints = [
            models.UniqueConstraint(fields=["location", "day"], name="one_exception_per_store_day"),
        ]

    def __str__(self):
        return f"{self.day} at {self.location_id}"

    @property
    def hours_text(self) -> str:
        """"10:00–14:00" when the day has other hours, else ""."""
        if self.start is None or self.end is None:
            return ""
        return f"{weekly.clock(self.start)}–{weekly.clock(self.end)}"


class SlotPlaces(models.Model):
    """The places of one slot of a store and how many are taken.

    A place is taken by a conditional UPDATE (``taken + n <= capacity``) and the CHECK below
    backs it up: however many buyers race for a slot, it is never overbooked.
    """

    location = models.ForeignKey("merchants.Location", on_delete=models.CASCADE,
                                 related_name="slot_places")
    starts_at = models.DateTimeField()
    capacity = models.PositiveIntegerField()
    taken = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            models.UniqueConstraint(fields=["location", "starts_at"], name="one_places_row_per_slot"),
            models.CheckConstraint(condition=models.Q(taken__lte=models.F("capacity")),
                                   name="slot_never_overbooked"),
        ]

    def __str__(self):
        return f"{self.taken}/{self.capacity} at {self.location_id} {self.starts_at}"

from django.apps import AppConfig


class BookingsConfig(AppConfig):
    name = "marketplace.bookings"
    label = "bookings"
    verbose_name = "Store slots and places"
    default_auto_field = "django.db.models.AutoField"

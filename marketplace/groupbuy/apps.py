from django.apps import AppConfig


class GroupbuyConfig(AppConfig):
    """Group buying and buyer protection: tipping point, saved cards, expiry reminders."""

    name = "marketplace.groupbuy"
    label = "groupbuy"
    default_auto_field = "django.db.models.AutoField"

from django.apps import AppConfig


class DealsConfig(AppConfig):
    name = "marketplace.deals"
    label = "deals"
    default_auto_field = "django.db.models.AutoField"

from django.apps import AppConfig


class MerchantReviewsConfig(AppConfig):
    # Oscar's catalogue reviews app already uses the label "reviews".
    name = "marketplace.reviews"
    label = "merchant_reviews"
    verbose_name = "Merchant reviews"
    default_auto_field = "django.db.models.AutoField"

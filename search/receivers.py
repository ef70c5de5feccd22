"""Changes that alter a deal's index document: each handler schedules a re-index, nothing more."""
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from oscar.core.loading import get_model

from marketplace.bookings.signals import places_changed
from marketplace.deals.models import Deal, DealOption, DealOptionTranslation, DealTranslation
from merchants.models import Location, LocationTranslation, Merchant

from .services import search_index_schedule

Product = get_model("catalogue", "Product")
ProductCategory = get_model("catalogue", "ProductCategory")
Category = get_model("catalogue", "Category")
StockRecord = get_model("partner", "StockRecord")


@receiver([post_save, post_delete], sender=Deal, dispatch_uid="search-deal")
def deal_changed(sender, instance, **kwargs):
    search_index_schedule(deal_ids=[instance.pk])


@receiver([post_save, post_delete], sender=DealOption, dispatch_uid="search-deal-option")
def deal_option_changed(sender, instance, **kwargs):
    search_index_schedule(deal_ids=[instance.deal_id])


@receiver([post_save, post_delete], sender=DealTranslation, dispatch_uid="search-deal-texts")
def deal_texts_changed(sender, instance, **kwargs):
    search_index_schedule(deal_ids=[instance.master_id])


@receiver([post_save, post_delete], sender=DealOptionTranslation,
          dispatch_uid="search-deal-option-texts")
def deal_option_texts_changed(sender, instance, **kwargs):
    search_index_schedule(option_ids=[instance.master_id])


@receiver(m2m_changed, sender=Deal.locations.through, dispatch_uid="search-deal-locations")
def deal_locations_changed(sender, instance, action, pk_set, **kwargs):
    search_index_schedule(**_m2m_targets(instance, action, pk_set))


@receiver([post_save, post_delete], sender=Product, dispatch_uid="search-product")
def product_changed(sender, instance, **kwargs):
    search_index_schedule(product_ids=[instance.pk, instance.parent_id])


@receiver([post_save, post_delete], sender=StockRecord, dispatch_uid="search-stockrecord")
def stockrecord_changed(sender, instance, **kwargs):
    search_index_schedule(product_ids=[instance.product_id])


@receiver([post_save, post_delete], sender=ProductCategory, dispatch_uid="search-product-category")
def product_category_changed(sender, instance, **kwargs):
    search_index_schedule(product_ids=[instance.product_id])


@receiver(post_save, sender=Category, dispatch_uid="search-category")
def category_changed(sender, instance, **kwargs):
    search_index_schedule(category_ids=[instance.pk])


@receiver(post_save, sender=Location, dispatch_uid="search-location")
def location_changed(sender, instance, **kwargs):
    search_index_schedule(location_ids=[instance.pk])


@receiver([post_save, post_delete], sender=LocationTranslation, dispatch_uid="search-location-texts")
def location_texts_changed(sender, instance, **kwargs):
    search_index_schedule(location_ids=[instance.master_id])


@receiver(post_save, sender=Merchant, dispatch_uid="search-merchant")
def merchant_changed(sender, instance, **kwargs):
    search_index_schedule(merchant_ids=[instance.pk])


@receiver(places_changed, dispatch_uid="search-slot-places")
def slot_places_changed(sender, location_id, **kwargs):
    # The next free slot of the store's deals may have changed.
    search_index_schedule(location_ids=[location_id])


def _m2m_targets(instance, action: str, pk_set) -> dict:
    if not action.startswith("post_"):
        return {}
    if isinstance(instance, Deal):
        return {"deal_ids": [instance.pk]}
    return {"location_ids": [instance.pk]}  # changed from the store's side

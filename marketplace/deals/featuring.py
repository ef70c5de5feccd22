"""Featured deals: ordered slots per city (home page) or per city and category, with date ranges.

Staff place them (curation's dashboard calls these services); the buyer's lists put them first
(``deals_featured_first`` in deals/selectors.py).
"""
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .models import Deal, FeaturedSlot


@transaction.atomic
def featured_slot_create(*, deal: Deal, city: str, position: int, starts_on: date, ends_on: date,
                         category=None, actor=None) -> FeaturedSlot:
    city = (city or "").strip()
    if not city:
        raise ValidationError({"city": _("Choose the city whose page shows the deal.")})
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("The last day cannot be before the first day.")})
    if position < 1:
        raise ValidationError({"position": _("Positions start at 1.")})
    if deal.review_status != Deal.Review.APPROVED:
        raise ValidationError({"deal": _("Only approved deals can be featured.")})
    if not deal.locations.filter(city__iexact=city).exists():
        raise ValidationError({"city": _("This deal has no store in %(city)s.") % {"city": city}})
    if category is not None and not deal.product.categories.filter(
            path__startswith=category.path).exists():
        raise ValidationError({"category": _("This deal is not listed in that category.")})
    clash = FeaturedSlot.objects.select_for_update().filter(
        city__iexact=city, category=category, position=position,
        starts_on__lte=ends_on, ends_on__gte=starts_on,
    ).first()
    if clash:
        raise ValidationError(
            {"position": _("Slot %(position)s is already taken by “%(deal)s” from %(start)s to "
                           "%(end)s.") % {"position": position, "deal": clash.deal,
                                          "start": date_format(clash.starts_on),
                                          "end": date_format(clash.ends_on)}})
    return FeaturedSlot.objects.create(
        deal=deal, city=city, category=category, position=position, starts_on=starts_on,
        ends_on=ends_on, created_by=actor,
    )


def featured_slot_delete(*, slot: FeaturedSlot) -> None:
    slot.delete()


def featured_slots_recategorise(*, source, target) -> int:
    """Slots of a category merged away now feature their deal on the category it merged into."""
    return FeaturedSlot.objects.filter(category=source).update(category=target)


def featured_slots(*, city: str | None = None, category=None, on: date | None = None) -> QuerySet:
    qs = FeaturedSlot.objects.select_related("deal__product", "category")
    if city:
        qs = qs.filter(city__iexact=city)
    if category is not None:
        qs = qs.filter(category=category)
    if on is not None:
        qs = qs.filter(starts_on__lte=on, ends_on__gte=on)
    return qs


def featured_deals(*, city: str, category=None, on: date) -> list[Deal]:
    """The approved deals featured on a page on day ``on``, in slot order (home page: no category).

    Whether a deal is inside its sale window is the listing's business: this only says the order.
    """
    slots = (
        FeaturedSlot.objects.filter(
            city__iexact=city, category=category, starts_on__lte=on, ends_on__gte=on,
            deal__review_status=Deal.Review.APPROVED,
        )
        .select_related("deal__product")
        .order_by("position", "starts_on", "id")
    )
    seen, deals = set(), []
    for slot in slots:
        if slot.deal_id not in seen:
            seen.add(slot.deal_id)
            deals.append(slot.deal)
    return deals


def deals_featured_first(deals: QuerySet, *, city: str, category=None, on: date) -> QuerySet:
    """``deals`` with the page's featured ones first (in slot order), then in their own order."""
    ranks = [When(pk=deal.pk, then=Value(rank))
             for rank, deal in enumerate(featured_deals(city=city, category=category, on=on))]
    if not ranks:
        return deals
    rank = Case(*ranks, default=Value(len(ranks)), output_field=IntegerField())
    ordering = list(deals.query.order_by or deals.model._meta.ordering)
    return deals.annotate(featured_rank=rank).order_by("featured_rank", *ordering)


"""Page pieces: `{% load voucher_tags %}`, then `{% voucher_refund_button voucher %}` (My vouchers),
`{% voucher_terms_block voucher %}` (its uses, times and booking)."""
from django import template

from marketplace.deals.models import DealOption
from merchants.selectors import location_zone

from ..bookings import slots_for_option
from ..refunds import buyer_refund_refusal
from ..selectors import voucher_booking, voucher_terms
from ..services import voucher_refund_amount

register = template.Library()
MAX_SLOTS_OFFERED = 300  # in the checkout's list; more are offered later from My vouchers


@register.inclusion_tag("vouchers/_refund_button.html", takes_context=True)
def voucher_refund_button(context, voucher):
    request = context.get("request")
    user = getattr(request, "user", None)
    can_refund = buyer_refund_refusal(voucher=voucher, user=user) is None
    return {"voucher": voucher, "can_refund": can_refund, "csrf_token": context.get("csrf_token"),
            "refund_amount": voucher_refund_amount(voucher=voucher) if can_refund else None}


@register.inclusion_tag("vouchers/partials/voucher_terms.html", takes_context=True)
def voucher_terms_block(context, voucher):
    """The voucher's trade terms: uses left, when usable, its booking (and, on the page, not
    the printout, the link to book)."""
    return {"voucher": voucher, "terms": voucher_terms(voucher=voucher),
            "booking": voucher_booking(voucher=voucher), "links": not context.get("qr_svg")}


@register.inclusion_tag("vouchers/partials/checkout_slots.html")
def checkout_slot_fields(basket):
    """A slot to choose (or none: book later) for each bookable option in the basket, in the
    place-order form (checkout posts them as ``slot-<option product id>``)."""
    rows = []
    for line in basket.all_lines():
        option = DealOption.objects.filter(product_id=line.product_id).select_related("deal").first()
        if option is None or not option.deal.bookable:
            continue
        stores = {loc.pk: loc for loc in option.deal.locations.all()}
        slots = [{"key": slot.key, "store": stores[slot.location_id].name,
                  # The store's wall clock, naive so that the template shows it unconverted.
                  "time": slot.starts_at.astimezone(location_zone(stores[slot.location_id]))
                  .replace(tzinfo=None)}
                 for slot in slots_for_option(option=option)[:MAX_SLOTS_OFFERED]
                 if slot.free >= line.quantity]
        rows.append({"product_id": line.product_id, "title": line.product.get_title(),
                     "slots": slots})
    return {"rows": rows}

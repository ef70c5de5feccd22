"""Writing merchants: a merchant is created together with its Oscar Partner."""
from django.db import transaction
from django.utils.text import slugify
from oscar.core.loading import get_model

from .models import Location, Membership, Merchant

Partner = get_model("partner", "Partner")


@transaction.atomic
def merchant_create(*, name: str, description: str = "", contact_email: str = "",
                    contact_phone: str = "", owner=None) -> Merchant:
    partner = Partner.objects.create(name=name)
    base = slugify(name)[:180] or "merchant"
    slug, n = base, 1
    while Merchant.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    merchant = Merchant.objects.create(
        partner=partner, name=name, slug=slug, description=description,
        contact_email=contact_email, contact_phone=contact_phone,
    )
    if owner is not None:
        Membership.objects.create(merchant=merchant, user=owner, role=Membership.Role.OWNER)
        partner.users.add(owner)
    return merchant


def location_create(*, merchant: Merchant, name: str, address: str, city: str, latitude,
                    longitude, postcode: str = "", phone: str = "", opening_hours: str = "",
                    timezone: str = "Europe/Lisbon") -> Location:
    return Location.objects.create(
        merchant=merchant, name=name, address=address, city=city, latitude=latitude,
        longitude=longitude, postcode=postcode, phone=phone, opening_hours=opening_hours,
        timezone=timezone,
    )

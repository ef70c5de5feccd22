"""Writing merchants: the merchant with its Oscar Partner, stores, members, invitations, till tokens."""
import hashlib
import secrets
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model

from marketplace.core.mail import absolute_url, mail_after_commit
from marketplace.core.rawsql import instance_from_row
from marketplace.languages.content import texts_merged, texts_save
from marketplace.languages.selectors import language_for_recipient

from .geocoding import GeocodingUnavailable, address_locate, gazetteer_city
from .models import ApiToken, Invitation, Location, LocationTranslation, Membership, Merchant

Partner = get_model("partner", "Partner")

# Paths beside /merchant/<slug>/ in the merchant portal, now or before (old links in e-mails keep
# working or stay 404): no merchant may take these as its slug.
RESERVED_SLUGS = {"deals", "staff", "invitations"}


@transaction.atomic
def merchant_create(*, name: str, description: str = "", contact_email: str = "",
                    contact_phone: str = "", owner=None) -> Merchant:
    partner = Partner.objects.create(name=name)
    base = slugify(name)[:180] or "merchant"
    if base in RESERVED_SLUGS:
        base = f"{base}-shop"
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


PLACE_NOT_FOUND = _("We could not find this address on the map. Check the street and the city, "
                    "or place the pin on the map by hand.")
PLACE_SERVICE_DOWN = _("The map service is not answering. Place the pin on the map by hand, or try "
                       "again in a minute.")
PLACE_OUT_OF_RANGE = _("The pin is off the map: place it again.")
DEFAULT_STORE_TIMEZONE = "Europe/Lisbon"


def location_place(*, address: str, city: str, postcode: str = "", latitude: Decimal | None = None,
                   longitude: Decimal | None = None) -> tuple[Decimal, Decimal]:
    """Where a store is: the pin the merchant placed on the map, or else where the geocoder finds
    its address. Raises ValidationError (on "address") when neither says."""
    if latitude is not None and longitude is not None:
        if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
            raise ValidationError({"address": PLACE_OUT_OF_RANGE})
        return latitude, longitude
    try:
        place = address_locate(address=address, city=city, postcode=postcode)
    except GeocodingUnavailable:
        raise ValidationError({"address": PLACE_SERVICE_DOWN}) from None
    if place is None:
        raise ValidationError({"address": PLACE_NOT_FOUND})
    return place.latitude, place.longitude


def location_timezone(city: str) -> str:
    """The time zone of a store's city when we know the city, else the marketplace's home zone."""
    known = gazetteer_city(city)
    return known["timezone"] if known else DEFAULT_STORE_TIMEZONE


# A store's texts, written in its own language and maybe in others (LocationTranslation).
LOCATION_TEXTS = ("name", "directions")


def location_texts_check(*, texts: dict[str, dict[str, str]], own_language: str) -> None:
    """A store's name is required in its own language, and in any other language it has text in
    (``texts``: language -> {"name", "directions"}). Errors on the form's field names (``name``,
    ``name:zh-hans``)."""
    offered = {code for code, _name in settings.LANGUAGES}
    errors = {}
    if own_language not in offered:
        errors["original_language"] = ValidationError(_("This language is not offered."),
                                                      code="language_not_offered")
    for language, fields in texts.items():
        key = "name" if language == own_language else f"name:{language}"
        if language not in offered:
            errors[key] = ValidationError(_("This language is not offered."),
                                          code="language_not_offered")
        elif not (fields.get("name") or "").strip() and (
                language == own_language or any((v or "").strip() for v in fields.values())):
            errors[key] = ValidationError(_("Name the store in this language too, or leave this "
                                            "language empty."), code="store_name_required")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def location_texts_write(*, location: Location, texts: dict[str, dict[str, str]]) -> None:
    """Writes a store's name and directions in each language of ``texts``, checked; a language
    left with neither is removed (its readers see the store's own language)."""
    merged = texts_merged(location, texts=texts, fields=LOCATION_TEXTS)
    location_texts_check(texts=merged, own_language=location.original_language)
    texts_save(location, texts=merged)


@transaction.atomic
def location_create(*, merchant: Merchant, name: str, address: str, city: str, latitude,
                    longitude, postcode: str = "", phone: str = "", opening_hours: str = "",
                    timezone: str = "", directions: str = "",
                    original_language: str = settings.LANGUAGE_CODE,
                    translations: dict[str, dict[str, str]] | None = None) -> Location:
    """A store; its name and directions are in ``original_language``, and ``translations`` gives
    them in other languages (language -> {"name", "directions"})."""
    timezone = timezone or location_timezone(city)
    texts = {original_language: {"name": name, "directions": directions},
             **{language: fields for language, fields in (translations or {}).items()
                if language != original_language}}
    location_texts_check(texts=texts, own_language=original_language)
    location = Location.objects.create(
        merchant=merchant, address=address, city=city, latitude=latitude,
        longitude=longitude, postcode=postcode, phone=phone, opening_hours=opening_hours,
        timezone=timezone, original_language=original_language,
    )
    location_texts_write(location=location, texts=texts)
    return location


STORE_DETAILS = ("address", "postcode", "city", "phone", "opening_hours")


@transaction.atomic
def location_update(*, location: Location, texts: dict[str, dict[str, str]], **details) -> Location:
    """Changes a store's name and directions (``texts``: language -> {"name", "directions"}) and
    its ``STORE_DETAILS``; checked before anything is written."""
    unknown = set(details) - set(STORE_DETAILS)
    if unknown:
        raise ValueError(f"Not a store detail: {', '.join(sorted(unknown))}")
    location = Location.objects.select_for_update().get(pk=location.pk)
    location_texts_write(location=location, texts=texts)
    if details:
        for field, value in details.items():
            setattr(location, field, (value or "").strip())
        if not location.address or not location.city:
            raise ValidationError({"address" if not location.address else "city":
                                   _("A store needs an address and a city.")})
        location.save(update_fields=list(details))
    return location


# --- point-of-sale tokens -------------------------------------------------------------------

TOKEN_PREFIX = "mkp_"


def _token_digest(plain: str) -> str:
    # The token carries 256 random bits, so a plain SHA-256 is as safe as a slow hash here and
    # keeps every API request cheap.
    return hashlib.sha256(plain.encode()).hexdigest()


@transaction.atomic
def api_token_create(*, location: Location, name: str, created_by=None) -> tuple[ApiToken, str]:
    """A new token for one store. The plain token is returned once and never stored."""
    plain = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        location=location, name=(name or "").strip()[:100] or "Till", prefix=plain[:12],
        digest=_token_digest(plain), created_by=created_by,
    )
    return token, plain


def api_token_revoke(*, token: ApiToken) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def api_token_authenticate(*, plain: str) -> ApiToken | None:
    """The active token with this secret (and its store and merchant), or None."""
    if not plain or not plain.startswith(TOKEN_PREFIX) or len(plain) > 100:
        return None
    token, stale = _active_token(_token_digest(plain))
    if stale:
        # Only now and then: a write per request would cost every till request a row lock.
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token


# Every till request runs this look-up: one plain query (building it with the ORM costs more
# CPU than running it); the row becomes model instances with the other fields deferred.
# The store's name comes in its own language (a till asking in another reads that one if written).
_TOKEN_SQL = (
    f"SELECT t.id, t.name, t.prefix, t.location_id, l.original_language, l.timezone, "
    f"l.merchant_id, m.name, m.slug, (t.last_used_at IS NULL OR t.last_used_at < %s), lt.name "
    f"FROM {ApiToken._meta.db_table} t "
    f"JOIN {Location._meta.db_table} l ON l.id = t.location_id "
    f"JOIN {Merchant._meta.db_table} m ON m.id = l.merchant_id "
    f"LEFT JOIN {LocationTranslation._meta.db_table} lt "
    f"ON lt.master_id = l.id AND lt.language_code = l.original_language "
    f"WHERE t.digest = %s AND t.revoked_at IS NULL AND m.is_active"
)


def _active_token(digest: str) -> tuple[ApiToken | None, bool]:
    """The token, and whether its last use is old enough to be written again."""
    stale_before = connection.ops.adapt_datetimefield_value(
        timezone.now() - timedelta(minutes=5))
    with connection.cursor() as cursor:
        cursor.execute(_TOKEN_SQL, [stale_before, digest])
        row = cursor.fetchone()
    if row is None:
        return None, False
    token = instance_from_row(ApiToken, ["id", "name", "prefix", "location_id"], row[0:4])
    location = instance_from_row(Location, ["id", "original_language", "timezone", "merchant_id"],
                                 [row[3], row[4], row[5], row[6]])
    if row[10] is not None:
        # parler's own setter: the store's name in its own language, without another query.
        location.set_current_language(location.original_language)
        location.name = row[10]
    location.merchant = instance_from_row(Merchant, ["id", "name", "slug"], row[6:9])
    token.location = location
    return token, bool(row[9])


# --- members and invitations ----------------------------------------------------------------

INVITATION_DAYS = 14


def _invitation_digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def invitation_create(*, merchant: Merchant, email: str, role: str, locations=(),
                      invited_by=None) -> tuple[Invitation, str]:
    """Invite ``email`` to ``merchant`` with ``role``; e-mails the link that accepts it."""
    if role not in Membership.Role.values:
        raise ValueError("Unknown role.")
    foreign = [loc for loc in locations if loc.merchant_id != merchant.pk]
    if foreign:
        raise ValueError("A member can only be assigned to this merchant's stores.")
    secret = secrets.token_urlsafe(24)
    invitation = Invitation.objects.create(
        merchant=merchant, email=email.strip().lower(), role=role,
        token_digest=_invitation_digest(secret), invited_by=invited_by,
        expires_at=timezone.now() + timedelta(days=INVITATION_DAYS),
    )
    invitation.locations.set(locations)
    # In the invited person's language if they have an account, else in the inviter's.
    mail_after_commit(
        template="merchants/email/invitation", to=[invitation.email],
        language=language_for_recipient(email=invitation.email, default=translation.get_language()),
        context={
            "invitation": invitation, "merchant": merchant, "role": invitation.get_role_display(),
            "inviter_name": invited_by.get_full_name() if invited_by else "",
            "accept_url": absolute_url(reverse("merchant_portal:invitation", args=[secret])),
        })
    return invitation, secret


def invitation_get(*, secret: str) -> Invitation | None:
    return (Invitation.objects.select_related("merchant")
            .filter(token_digest=_invitation_digest(secret or ""), accepted_at__isnull=True,
                    expires_at__gt=timezone.now()).first())


@transaction.atomic
def invitation_accept(*, secret: str, user) -> Membership:
    """The signed-in ``user`` joins the merchant; the invitation must be addressed to them."""
    invitation = Invitation.objects.select_for_update().filter(
        token_digest=_invitation_digest(secret or ""), accepted_at__isnull=True,
        expires_at__gt=timezone.now()).first()
    if invitation is None:
        raise ValueError("This invitation is not valid any more.")
    if invitation.email != (user.email or "").strip().lower():
        raise ValueError("This invitation was sent to another e-mail address.")
    membership, created = Membership.objects.get_or_create(
        merchant=invitation.merchant, user=user, defaults={"role": invitation.role})
    if not created:
        membership.role = invitation.role
        membership.save(update_fields=["role"])
    membership.locations.set(invitation.locations.all())
    invitation.merchant.partner.users.add(user)
    invitation.accepted_at, invitation.accepted_by = timezone.now(), user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership) -> None:
    """Remove a member; a merchant always keeps at least one owner."""
    if membership.role == Membership.Role.OWNER and not Membership.objects.filter(
            merchant=membership.merchant, role=Membership.Role.OWNER).exclude(
            pk=membership.pk).exists():
        raise ValueError("A merchant needs at least one owner.")
    membership.merchant.partner.users.remove(membership.user)
    membership.delete()

"""Writing deals: the rules every deal keeps, creating a deal with its options as Oscar products,
and moving it through review.

``deal_terms_check`` and ``deal_option_check`` are the deal rules; every service that writes a
deal's terms or an option calls them before writing, and the merchant's forms call them to show
the same messages next to the fields.
"""
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from oscar.core.loading import get_model

from marketplace.bookings.selectors import store_schedules_exist
from marketplace.languages.content import texts_delete, texts_merged, texts_save, texts_write
from merchants.models import Location, Merchant

from . import terms
from .error_codes import DealError
from .models import Deal, DealOption, DealReviewEvent

Product = get_model("catalogue", "Product")
ProductClass = get_model("catalogue", "ProductClass")
ProductCategory = get_model("catalogue", "ProductCategory")
StockRecord = get_model("partner", "StockRecord")

DEAL_PRODUCT_CLASS = "Deal"


@dataclass(frozen=True)
class OptionSpec:
    title: str  # in the deal's own language
    price: Decimal
    value: Decimal
    units: int
    # The title in other languages: {"zh-hans": "双人晚餐"}.
    titles: dict = field(default_factory=dict, hash=False, compare=False)
    # A pass of several uses, at most one a day, and the option's own usage windows.
    uses: int = 1
    one_use_per_day: bool = False
    usage_windows: list = field(default_factory=list)

    @property
    def terms(self) -> dict:
        return {"uses": self.uses, "one_use_per_day": self.one_use_per_day,
                "usage_windows": self.usage_windows}


# A deal's texts, written in its own language and maybe in others (DealTranslation).
DEAL_TEXTS = ("title", "description", "highlights", "fine_print")
# Kept on Oscar's product too, in the deal's own language (basket, orders, Oscar's dashboard).
PRODUCT_TEXTS = ("title", "description")


def text_key(name: str, language: str | None = None) -> str:
    """How an edit names a text: ``title`` in the deal's own language, ``title:zh-hans`` in another."""
    return f"{name}:{language}" if language else name


def text_key_split(key: str) -> tuple[str, str | None]:
    name, _sep, language = key.partition(":")
    return name, language or None


def languages_offered() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def deal_texts_check(*, texts: dict[str, dict[str, str]], own_language: str) -> None:
    """The rules of a deal's texts in each language (``texts``: language -> field -> text): the
    deal's own language needs a title; another language, once it has any text, needs a title
    too. Raises ValidationError on the form's field names (``title``, ``title:pt-pt``)."""
    errors = {}
    if own_language not in languages_offered():
        errors["original_language"] = DealError.LANGUAGE_NOT_OFFERED.error()
    for language, fields in texts.items():
        if language not in languages_offered():
            errors[text_key("title", language)] = DealError.LANGUAGE_NOT_OFFERED.error()
        elif not (fields.get("title") or "").strip() and (
                language == own_language or any((v or "").strip() for v in fields.values())):
            if language == own_language:
                errors["title"] = DealError.TITLE_REQUIRED.error()
            else:
                errors[text_key("title", language)] = DealError.TRANSLATION_TITLE_REQUIRED.error()
    if errors:
        raise ValidationError(errors)


def deal_texts_write(*, deal: Deal, texts: dict[str, dict[str, str]]) -> None:
    """Writes ``texts`` (language -> field -> text) on ``deal``, checked; a language left with no
    text at all is removed (its readers then see the deal's own language). The own language's
    title and description are kept on Oscar's product too."""
    merged = texts_merged(deal, texts=texts, fields=DEAL_TEXTS)
    deal_texts_check(texts=merged, own_language=deal.original_language)
    texts_save(deal, texts=merged)
    own = merged.get(deal.original_language)
    if own is not None:
        product = deal.product
        product.title, product.description = own["title"].strip(), (own["description"] or "").strip()
        product.save(update_fields=list(PRODUCT_TEXTS))


def option_titles_write(*, option: DealOption, titles: dict[str, str]) -> None:
    """Writes an option's title in each language of ``titles``; an empty one is removed (the own
    language's title is required and kept on Oscar's child product too)."""
    own = option.deal.original_language
    for language, title in titles.items():
        title = (title or "").strip()
        if language not in languages_offered():
            raise ValidationError({text_key("title", language): DealError.LANGUAGE_NOT_OFFERED.error()})
        if language == own:
            if not title:
                raise ValidationError({"title": DealError.OPTION_TITLE_REQUIRED.error()})
            option.product.title = title
            option.product.save(update_fields=["title"])
        if title:
            texts_write(option, language=language, title=title)
        else:
            texts_delete(option, language=language)


# The fields the rules of a deal's terms read.
DEAL_TERMS = ("sale_starts_at", "sale_ends_at", "validity_kind", "valid_days", "valid_from",
              "valid_until")
# The fields of its trade's terms (deals/terms.py): when vouchers may be used, bookings.
DEAL_KIND_TERMS = ("usage_windows", "excluded_dates", "bookable", "booking_cutoff_hours",
                   "booking_tolerance_minutes", "no_show_policy")
MAX_CUTOFF_HOURS = 720
MAX_TOLERANCE_MINUTES = 240


def deal_terms_check(*, sale_starts_at: datetime | None, sale_ends_at: datetime | None,
                     validity_kind: str, valid_days: int | None = None,
                     valid_from: datetime | None = None, valid_until: datetime | None = None) -> None:
    """The rules of a deal's sale window and voucher validity; raises ValidationError per field."""
    errors = {}
    if sale_starts_at is None or sale_ends_at is None:
        errors["sale_starts_at" if sale_starts_at is None else "sale_ends_at"] = \
            DealError.SALE_DATES_REQUIRED.error()
    elif sale_ends_at <= sale_starts_at:
        errors["sale_ends_at"] = DealError.SALE_ENDS_BEFORE_START.error()
    if validity_kind == Deal.Validity.FIXED:
        if valid_until is None:
            errors["valid_until"] = DealError.VALID_UNTIL_REQUIRED.error()
        elif valid_from is not None and valid_until <= valid_from:
            errors["valid_until"] = DealError.VALIDITY_ENDS_BEFORE_START.error()
    elif validity_kind == Deal.Validity.AFTER_PURCHASE:
        if not valid_days:
            errors["valid_days"] = DealError.VALID_DAYS_REQUIRED.error()
    else:
        errors["validity_kind"] = DealError.UNKNOWN_VALIDITY.error()
    if errors:
        raise ValidationError(errors)


def deal_kind_check(*, usage_windows=(), excluded_dates=(), bookable: bool = False,
                    booking_cutoff_hours: int | None = 24, booking_tolerance_minutes: int | None = 15,
                    no_show_policy: str = Deal.NoShowPolicy.STAYS_VALID) -> None:
    """The rules of a deal's trade terms (off-peak windows, excluded dates, booking policy);
    raises ValidationError per field."""
    errors = {}
    if problems := terms.windows_errors(usage_windows):
        errors["usage_windows"] = problems
    if problems := terms.dates_errors(excluded_dates):
        errors["excluded_dates"] = problems
    if booking_cutoff_hours is None or not 0 <= booking_cutoff_hours <= MAX_CUTOFF_HOURS:
        errors["booking_cutoff_hours"] = DealError.CUTOFF_OUT_OF_RANGE.error()
    if booking_tolerance_minutes is None or not 0 <= booking_tolerance_minutes <= MAX_TOLERANCE_MINUTES:
        errors["booking_tolerance_minutes"] = DealError.TOLERANCE_OUT_OF_RANGE.error()
    if no_show_policy not in Deal.NoShowPolicy.values:
        errors["no_show_policy"] = DealError.UNKNOWN_NO_SHOW_POLICY.error()
    if errors:
        raise ValidationError(errors)


def deal_bookable_stores_check(*, bookable: bool, locations) -> None:
    """A bookable deal is offered only at stores that take bookings (a schedule of slots)."""
    if bookable and not store_schedules_exist(locations=list(locations)):
        raise ValidationError({"bookable": DealError.BOOKABLE_NEEDS_SCHEDULE.error()})


def deal_option_check(*, title: str, price: Decimal | None, value: Decimal | None,
                      units: int | None, uses: int | None = 1, one_use_per_day: bool = False,
                      usage_windows=()) -> None:
    """The rules of one option: a name, a price above zero, worth at least its price, units;
    a number of uses between 1 and 100, readable windows of its own."""
    errors = {}
    if not (title or "").strip():
        errors["title"] = DealError.OPTION_TITLE_REQUIRED.error()
    if price is None or price <= 0:
        errors["price"] = DealError.PRICE_NOT_POSITIVE.error()
    if value is None:
        errors["value"] = DealError.VALUE_REQUIRED.error()
    elif price is not None and value < price:
        errors["value"] = DealError.VALUE_BELOW_PRICE.error()
    if units is None or units < 1:
        errors["units"] = DealError.UNITS_NOT_POSITIVE.error()
    if uses is None or not 1 <= uses <= terms.MAX_USES:
        errors["uses"] = DealError.USES_OUT_OF_RANGE.error()
    if problems := terms.windows_errors(usage_windows):
        errors["usage_windows"] = problems
    if errors:
        raise ValidationError(errors)


def deal_stores_check(*, merchant: Merchant, locations) -> None:
    if any(loc.merchant_id != merchant.pk for loc in locations):
        raise ValidationError({"locations": DealError.FOREIGN_STORE.error()})


def deal_product_class() -> "ProductClass":
    """The Oscar product class of deals: vouchers need no shipping; stock is tracked."""
    product_class, _ = ProductClass.objects.get_or_create(
        name=DEAL_PRODUCT_CLASS,
        defaults={"requires_shipping": False, "track_stock": True},
    )
    return product_class


@transaction.atomic
def deal_create(
    *,
    merchant: Merchant,
    title: str,
    options: list[OptionSpec],
    locations: list[Location],
    sale_starts_at: datetime,
    sale_ends_at: datetime,
    description: str = "",
    categories: list = (),
    highlights: str = "",
    fine_print: str = "",
    validity_kind: str = Deal.Validity.AFTER_PURCHASE,
    valid_days: int | None = 90,
    valid_from: datetime | None = None,
    valid_until: datetime | None = None,
    min_buyers: int | None = None,
    max_units: int | None = None,
    per_customer_limit: int | None = None,
    refundable: bool = True,
    expiry_policy: str = Deal.ExpiryPolicy.PAID_VALUE,
    review_status: str = Deal.Review.DRAFT,
    currency: str = "EUR",
    original_language: str = settings.LANGUAGE_CODE,
    translations: dict[str, dict[str, str]] | None = None,
    usage_windows: list = (),
    excluded_dates: list = (),
    bookable: bool = False,
    booking_cutoff_hours: int = 24,
    booking_tolerance_minutes: int = 15,
    no_show_policy: str = Deal.NoShowPolicy.STAYS_VALID,
) -> Deal:
    """A deal with its options, after checking every rule; nothing is written when one fails.

    The texts are in ``original_language``; ``translations`` gives them in other languages
    (language -> {"title", "description", "highlights", "fine_print"})."""
    deal_terms_check(sale_starts_at=sale_starts_at, sale_ends_at=sale_ends_at,
                     validity_kind=validity_kind, valid_days=valid_days, valid_from=valid_from,
                     valid_until=valid_until)
    texts = {original_language: {"title": title, "description": description,
                                 "highlights": highlights, "fine_print": fine_print},
             **{language: fields for language, fields in (translations or {}).items()
                if language != original_language}}
    deal_texts_check(texts=texts, own_language=original_language)
    kind_terms = {"usage_windows": list(usage_windows), "excluded_dates": list(excluded_dates),
                  "bookable": bookable, "booking_cutoff_hours": booking_cutoff_hours,
                  "booking_tolerance_minutes": booking_tolerance_minutes,
                  "no_show_policy": no_show_policy}
    deal_kind_check(**kind_terms)
    if not options:
        raise DealError.OPTION_REQUIRED.error()
    for spec in options:
        deal_option_check(title=spec.title, price=spec.price, value=spec.value, units=spec.units,
                          **spec.terms)
    deal_stores_check(merchant=merchant, locations=locations)
    if review_status != Deal.Review.DRAFT:
        deal_bookable_stores_check(bookable=bookable, locations=locations)
    parent = Product.objects.create(
        structure=Product.PARENT,
        title=title,
        slug=slugify(title)[:200],
        description=description,
        product_class=deal_product_class(),
        is_public=True,
    )
    for position, category in enumerate(categories):
        ProductCategory.objects.create(product=parent, category=category)
    deal = Deal.objects.create(
        product=parent, merchant=merchant, sale_starts_at=sale_starts_at,
        sale_ends_at=sale_ends_at, original_language=original_language,
        validity_kind=validity_kind, valid_days=valid_days, valid_from=valid_from,
        valid_until=valid_until, min_buyers=min_buyers, max_units=max_units,
        per_customer_limit=per_customer_limit, refundable=refundable,
        expiry_policy=expiry_policy, review_status=review_status, **kind_terms,
    )
    deal_texts_write(deal=deal, texts=texts)
    deal.locations.set(locations)
    for position, spec in enumerate(options):
        deal_option_add(deal=deal, spec=spec, position=position, currency=currency)
    return deal


def deal_option_add(*, deal: Deal, spec: OptionSpec, position: int = 0, currency: str = "EUR") -> DealOption:
    deal_option_check(title=spec.title, price=spec.price, value=spec.value, units=spec.units,
                      **spec.terms)
    child = Product.objects.create(
        structure=Product.CHILD, parent=deal.product, title=spec.title,
        slug=slugify(f"{deal.product.title} {spec.title}")[:200], is_public=True,
    )
    StockRecord.objects.create(
        product=child, partner=deal.merchant.partner, partner_sku=f"deal-{deal.pk}-{child.pk}",
        price=spec.price, price_currency=currency, num_in_stock=spec.units, num_allocated=0,
    )
    option = DealOption.objects.create(product=child, deal=deal, value=spec.value, position=position,
                                       **spec.terms)
    option_titles_write(option=option, titles={**spec.titles, deal.original_language: spec.title})
    return option


@transaction.atomic
def deal_review_move(*, deal: Deal, to_status: str, actor=None, comment: str = "") -> Deal:
    """Record a review decision (submit, approve, reject, back to draft) and who made it."""
    deal = Deal.objects.select_for_update().get(pk=deal.pk)
    DealReviewEvent.objects.create(
        deal=deal, from_status=deal.review_status, to_status=to_status, actor=actor, comment=comment
    )
    deal.review_status = to_status
    deal.save(update_fields=["review_status", "updated_at"])
    return deal

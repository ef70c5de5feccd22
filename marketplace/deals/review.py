"""Deal review: merchants draft, edit and submit deals; staff approve, reject or ask for changes.

An approved deal's price, value and terms are reviewed again when the merchant edits them: the
edit becomes a pending DealRevision and the approved version stays on sale until staff approve
the revision, which then applies it. Every applied change is recorded in DealChange. The merchant
portal and curation's staff pages both call these services; the search index follows the saved
deal, options and stock records through search's model signals.
"""
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from . import terms
from .error_codes import DealError
from .models import Deal, DealChange, DealOption, DealReviewEvent, DealRevision
from .services import (
    DEAL_KIND_TERMS, DEAL_TERMS, DEAL_TEXTS, OptionSpec, deal_bookable_stores_check, deal_create,
    deal_kind_check, deal_option_add, deal_option_check, deal_review_move, deal_stores_check,
    deal_terms_check, deal_texts_check, deal_texts_write, languages_offered, option_titles_write,
    text_key, text_key_split,
)

ProductCategory = get_model("catalogue", "ProductCategory")
ProductImage = get_model("catalogue", "ProductImage")

# Changes to these on an approved deal wait for staff; the rest apply at once. A text field
# counts in every language: ``title`` (the deal's own language) as ``title:zh-hans``.
REVIEWED_DEAL_FIELDS = (
    "title", "sale_starts_at", "sale_ends_at", "validity_kind", "valid_days", "valid_from",
    "valid_until", "min_buyers", "per_customer_limit", "highlights", "fine_print", "refundable",
    "expiry_policy", *DEAL_KIND_TERMS,
)
FREE_DEAL_FIELDS = ("description", "max_units")
REVIEWED_OPTION_FIELDS = ("title", "price", "value", "uses", "one_use_per_day", "usage_windows")
FREE_OPTION_FIELDS = ("units",)
OPTION_RULE_FIELDS = ("title", "price", "value", "units", "uses", "one_use_per_day",
                      "usage_windows")  # what deal_option_check reads


def _base(key: str) -> str:
    """``title`` for ``title:zh-hans``: the field a change key names, whatever its language."""
    return text_key_split(key)[0]


def _editable(key: str, fields: tuple, texts: tuple) -> bool:
    name, language = text_key_split(key)
    if language is None:
        return name in fields
    return name in texts and language in languages_offered()


@dataclass(frozen=True)
class DealEdit:
    """What the merchant's form says the deal should now be (absent keys: unchanged)."""

    fields: dict
    options: dict  # option id -> {"title", "price", "value", "units", "uses", ...}
    new_options: tuple[OptionSpec, ...] = ()
    locations: list | None = None
    categories: list | None = None
    images: tuple = ()


# --- merchant side -------------------------------------------------------------------------

@transaction.atomic
def deal_draft_create(*, merchant, actor, title: str, options: list[OptionSpec], locations: list,
                      categories: list = (), images=(), **fields) -> Deal:
    deal = deal_create(merchant=merchant, title=title, options=options, locations=locations,
                       categories=list(categories), review_status=Deal.Review.DRAFT, **fields)
    _images_add(deal=deal, images=images)
    DealChange.objects.create(deal=deal, field="created", new_value=title, actor=actor)
    return deal


@transaction.atomic
def deal_edit(*, deal: Deal, actor, edit: DealEdit) -> DealRevision | None:
    """Apply a merchant's edit; on an approved deal, price/value/terms go to review instead.

    Returns the pending revision when one was created or updated.
    """
    deal = Deal.objects.select_for_update().get(pk=deal.pk)
    deal_diff, option_diff = _diff(deal, edit)
    approved = deal.review_status == Deal.Review.APPROVED
    if approved and edit.new_options:
        raise ValidationError(_("Options cannot be added to an approved deal; create a new deal."))
    _proposal_check(deal=deal, deal_diff=deal_diff, option_diff=option_diff, edit=edit)
    held_deal = {f: v for f, v in deal_diff.items() if approved and _base(f) in REVIEWED_DEAL_FIELDS}
    held_options = {}
    for option_id, changes in option_diff.items():
        held = {f: v for f, v in changes.items() if approved and _base(f) in REVIEWED_OPTION_FIELDS}
        if held:
            held_options[str(option_id)] = held
    now_deal = {f: v for f, v in deal_diff.items() if f not in held_deal}
    now_options = {
        option_id: {f: v for f, v in changes.items() if f not in held_options.get(str(option_id), {})}
        for option_id, changes in option_diff.items()
    }
    _apply(deal=deal, actor=actor, deal_changes=now_deal, option_changes=now_options)
    for position, spec in enumerate(edit.new_options, start=deal.options.count()):
        option = deal_option_add(deal=deal, spec=spec, position=position)
        DealChange.objects.create(deal=deal, option=option, field="option added",
                                  new_value=f"{spec.title}: {spec.price} (value {spec.value})",
                                  actor=actor)
    _relations_set(deal=deal, actor=actor, edit=edit)
    revision = None
    if held_deal or held_options:
        revision = _revision_hold(deal=deal, actor=actor,
                                  changes={"deal": held_deal, "options": held_options})
    return revision


@transaction.atomic
def deal_submit(*, deal: Deal, actor) -> Deal:
    deal = Deal.objects.select_for_update().get(pk=deal.pk)
    if deal.review_status not in (Deal.Review.DRAFT, Deal.Review.REJECTED):
        raise ValidationError(_("Only a draft or a rejected deal can be submitted for review."))
    if not deal.options.exists() or not deal.locations.exists():
        raise ValidationError(_("A deal needs at least one option and one store before review."))
    deal_bookable_stores_check(bookable=deal.bookable, locations=deal.locations.all())
    return deal_review_move(deal=deal, to_status=Deal.Review.SUBMITTED, actor=actor)


# --- staff side ----------------------------------------------------------------------------

@transaction.atomic
def deal_approve(*, deal: Deal, actor, comment: str = "") -> Deal:
    deal = _lock_submitted(deal)
    return deal_review_move(deal=deal, to_status=Deal.Review.APPROVED, actor=actor, comment=comment)


@transaction.atomic
def deal_reject(*, deal: Deal, actor, comment: str) -> Deal:
    comment = _required_comment(comment)
    deal = _lock_submitted(deal)
    return deal_review_move(deal=deal, to_status=Deal.Review.REJECTED, actor=actor, comment=comment)


@transaction.atomic
def deal_request_changes(*, deal: Deal, actor, comment: str) -> Deal:
    """Send the deal back to the merchant as a draft, with what to change."""
    comment = _required_comment(comment)
    deal = _lock_submitted(deal)
    return deal_review_move(deal=deal, to_status=Deal.Review.DRAFT, actor=actor, comment=comment)


@transaction.atomic
def deal_revision_approve(*, revision: DealRevision, actor, comment: str = "") -> DealRevision:
    revision = _lock_pending(revision)
    deal = Deal.objects.select_for_update().get(pk=revision.deal_id)
    deal_changes = {f: v for f, v in revision.changes.get("deal", {}).items()}
    option_changes = {int(k): v for k, v in revision.changes.get("options", {}).items()}
    _apply(deal=deal, actor=revision.submitted_by, deal_changes=deal_changes,
           option_changes=option_changes, revision=revision)
    return _revision_close(revision, DealRevision.Status.APPROVED, actor, comment)


@transaction.atomic
def deal_revision_reject(*, revision: DealRevision, actor, comment: str,
                         changes_requested: bool = False) -> DealRevision:
    comment = _required_comment(comment)
    revision = _lock_pending(revision)
    status = DealRevision.Status.CHANGES_REQUESTED if changes_requested else DealRevision.Status.REJECTED
    return _revision_close(revision, status, actor, comment)


# --- reads ---------------------------------------------------------------------------------

def deals_review_queue():
    """Deals waiting for staff: submitted ones and approved ones with a pending revision."""
    return (
        Deal.objects.filter(Q(review_status=Deal.Review.SUBMITTED)
                            | Q(revisions__status=DealRevision.Status.PENDING))
        .select_related("product", "merchant").distinct().order_by("updated_at", "id")
    )


def deal_pending_revision(*, deal: Deal) -> DealRevision | None:
    return deal.revisions.filter(status=DealRevision.Status.PENDING).first()


def deal_history(*, deal: Deal) -> list[dict]:
    """Review decisions, revisions and field changes of a deal, newest first."""
    items = []
    for e in DealReviewEvent.objects.filter(deal=deal).select_related("actor"):
        items.append({"at": e.created_at, "actor": e.actor, "kind": "review",
                      "text": f"{e.from_status} → {e.to_status}", "comment": e.comment})
    for r in DealRevision.objects.filter(deal=deal).select_related("reviewed_by", "submitted_by"):
        items.append({"at": r.submitted_at, "actor": r.submitted_by, "kind": "revision",
                      "text": "changes to price, value or terms submitted", "comment": ""})
        if r.reviewed_at:
            items.append({"at": r.reviewed_at, "actor": r.reviewed_by, "kind": "revision",
                          "text": f"revision {r.get_status_display().lower()}", "comment": r.comment})
    for c in DealChange.objects.filter(deal=deal).select_related("actor", "option__product"):
        label = f"{c.option.product.title}: {c.field}" if c.option_id else c.field
        items.append({"at": c.created_at, "actor": c.actor, "kind": "change",
                      "text": f"{label}: {c.old_value} → {c.new_value}", "comment": ""})
    return sorted(items, key=lambda i: i["at"], reverse=True)


def revision_lines(revision: DealRevision) -> list[tuple[str, str, str]]:
    """(what, now on sale, proposed) for each change a revision holds, for the reviewer."""
    deal = revision.deal
    lines = [(_label(field), _shown(field, _deal_value(deal, field)), _shown(field, new))
             for field, new in revision.changes.get("deal", {}).items()]
    options = {str(o.pk): o for o in deal.options.select_related("product")}
    for option_id, fields in revision.changes.get("options", {}).items():
        option = options.get(option_id)
        current = option_current(option) if option else {}
        title = current.get("title", f"option {option_id}")
        lines += [(f"{title}: {_label(field)}", _shown(field, current.get(field)),
                   _shown(field, new))
                  for field, new in fields.items()]
    return lines


def _label(key: str) -> str:
    """``fine print (简体中文)`` for ``fine_print:zh-hans``."""
    name, language = text_key_split(key)
    label = name.replace("_", " ")
    return f"{label} ({dict(settings.LANGUAGES).get(language, language)})" if language else label


def deal_texts_in_languages(deal: Deal) -> list[dict]:
    """Every language offered, with the deal's texts and its options' titles in it, for a
    reviewer: ``code``, ``name``, ``own`` (the deal's own language), ``written`` (False: its
    readers read the own language), ``texts`` (field -> text), ``options`` (titles)."""
    options = list(deal.options.all())
    written = set(deal.languages_written())
    return [{"code": code, "name": name, "own": code == deal.original_language,
             "written": code in written,
             "texts": {field: deal.text_in(field, code) for field in DEAL_TEXTS},
             "options": [option.text_in("title", code) for option in options]}
            for code, name in settings.LANGUAGES]


def deal_current(deal: Deal, fields) -> dict:
    """The deal's present values of ``fields`` (some live on its Oscar product; texts are in
    the deal's own language, ``title:zh-hans`` in that language)."""
    return {field: _deal_value(deal, field) for field in fields}


def option_current(option: DealOption) -> dict:
    """The option's title (its own language, and ``title:<language>`` in each other one),
    price, value and units."""
    stockrecord = option.product.stockrecords.first()
    own = option.deal.original_language
    titles = {text_key("title", language): option.text_in("title", language)
              for language in languages_offered() if language != own}
    return {"title": option.text_in("title", own) or option.product.title,
            "price": stockrecord.price if stockrecord else None,
            "value": option.value, "units": stockrecord.num_in_stock if stockrecord else 0,
            "uses": option.uses, "one_use_per_day": option.one_use_per_day,
            "usage_windows": list(option.usage_windows or []),
            **titles}


# --- internals -----------------------------------------------------------------------------

def _diff(deal: Deal, edit: DealEdit) -> tuple[dict, dict]:
    deal_diff = {}
    for field, new in edit.fields.items():
        if not _editable(field, REVIEWED_DEAL_FIELDS + FREE_DEAL_FIELDS, DEAL_TEXTS):
            raise ValidationError(_("“%(field)s” cannot be edited.") % {"field": field})
        if not _same(_deal_value(deal, field), new):
            deal_diff[field] = _to_json(new)
    options = {o.pk: o for o in deal.options.select_related("product")}
    option_diff = {}
    for option_id, changes in edit.options.items():
        option = options.get(int(option_id))
        if option is None:
            raise ValidationError(_("That option does not belong to this deal."))
        current = option_current(option)
        diff = {f: _to_json(v) for f, v in changes.items()
                if _editable(f, REVIEWED_OPTION_FIELDS + FREE_OPTION_FIELDS, ("title",))
                and current.get(f, "") != v}
        if diff:
            option_diff[option.pk] = diff
    return deal_diff, option_diff


def _proposal_check(*, deal: Deal, deal_diff: dict, option_diff: dict, edit: DealEdit) -> None:
    """The deal as it will be once this edit and the changes already held for review apply keeps
    the deal rules; checked before anything is written or held."""
    held = getattr(deal_pending_revision(deal=deal), "changes", {})
    for fields, check in ((DEAL_TERMS, deal_terms_check), (DEAL_KIND_TERMS, deal_kind_check)):
        if deal_diff.keys() & set(fields):
            proposed = deal_current(deal, fields)
            for changes in (held.get("deal", {}), deal_diff):
                proposed.update({f: _deal_from_json(f, v) for f, v in changes.items() if f in fields})
            check(**proposed)
    text_changes = {f for f in deal_diff if _base(f) in DEAL_TEXTS}
    if text_changes:
        texts = {}
        for key in text_changes:
            language = text_key_split(key)[1] or deal.original_language
            texts[language] = {name: deal.text_in(name, language) for name in DEAL_TEXTS}
        for changes in (held.get("deal", {}), deal_diff):
            for key, raw in changes.items():
                name, language = text_key_split(key)
                language = language or deal.original_language
                if name in DEAL_TEXTS and language in texts:
                    texts[language][name] = str(raw or "")
        deal_texts_check(texts=texts, own_language=deal.original_language)
    options = {o.pk: o for o in deal.options.select_related("product")}
    for option_id, changes in option_diff.items():
        proposed = option_current(options[option_id])
        for step in (held.get("options", {}).get(str(option_id), {}), changes):
            proposed.update(_option_from_json(step))
        deal_option_check(**{f: proposed[f] for f in OPTION_RULE_FIELDS})
    for spec in edit.new_options:
        deal_option_check(title=spec.title, price=spec.price, value=spec.value, units=spec.units,
                          **spec.terms)
    if edit.locations is not None:
        if not edit.locations:
            raise ValidationError({"locations": DealError.STORE_REQUIRED.error()})
        deal_stores_check(merchant=deal.merchant, locations=edit.locations)


def _deal_from_json(field: str, raw):
    return Deal._meta.get_field(field).to_python(raw)


def _option_from_json(changes: dict) -> dict:
    convert = {"title": lambda v: str(v or ""), "price": lambda v: Decimal(str(v)),
               "value": lambda v: Decimal(str(v)), "units": int, "uses": int,
               "one_use_per_day": bool, "usage_windows": list}
    return {field: convert[_base(field)](raw) for field, raw in changes.items()}


def _deal_value(deal: Deal, field: str):
    name, language = text_key_split(field)
    if name in DEAL_TEXTS:
        return deal.text_in(name, language or deal.original_language)
    return getattr(deal, field)


def _same(old, new) -> bool:
    # Forms carry minutes; stored datetimes may carry seconds that nobody chose.
    if isinstance(old, datetime) and isinstance(new, datetime):
        return old.replace(second=0, microsecond=0) == new.replace(second=0, microsecond=0)
    return old == new


def _to_json(value):
    if isinstance(value, Decimal):
        return str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _apply(*, deal: Deal, actor, deal_changes: dict, option_changes: dict, revision=None):
    texts: dict[str, dict[str, str]] = {}  # language -> text field -> new text
    for field, raw in deal_changes.items():
        old = _deal_value(deal, field)
        name, language = text_key_split(field)
        if name in DEAL_TEXTS:
            new = str(raw or "")
            texts.setdefault(language or deal.original_language, {})[name] = new
        else:
            new = _deal_from_json(field, raw)
            setattr(deal, field, new)
        DealChange.objects.create(deal=deal, field=field, old_value=_shown(field, old),
                                  new_value=_shown(field, new), actor=actor, revision=revision)
    if texts:
        deal_texts_write(deal=deal, texts=texts)
    if deal_changes:
        deal_terms_check(**{f: getattr(deal, f) for f in DEAL_TERMS})
        deal_kind_check(**{f: getattr(deal, f) for f in DEAL_KIND_TERMS})
        deal.full_clean(exclude=["product", "merchant"])
        deal.save()
    for option_id, changes in option_changes.items():
        if changes:
            _option_apply(deal=deal, option_id=int(option_id), changes=changes, actor=actor,
                          revision=revision)


def _option_apply(*, deal, option_id, changes, actor, revision):
    option = deal.options.select_related("product", "deal").get(pk=option_id)
    stockrecord = option.product.stockrecords.select_for_update().first()
    current = option_current(option)
    new = {**current, **_option_from_json(changes)}
    deal_option_check(**{f: new[f] for f in OPTION_RULE_FIELDS})
    if new["units"] < (stockrecord.num_allocated or 0):
        raise ValidationError(_("%(option)s: %(sold)s units are already sold; units cannot go "
                                "below that.") % {"option": option.product.title,
                                                  "sold": stockrecord.num_allocated})
    stockrecord.price = new["price"]
    option.value, stockrecord.num_in_stock = new["value"], new["units"]
    option.uses, option.one_use_per_day = new["uses"], new["one_use_per_day"]
    option.usage_windows = new["usage_windows"]
    for field, raw in changes.items():
        DealChange.objects.create(deal=deal, option=option, field=field,
                                  old_value=_shown(field, current.get(field)),
                                  new_value=_shown(field, raw), actor=actor, revision=revision)
    titles = {text_key_split(f)[1] or deal.original_language: new[f]
              for f in changes if _base(f) == "title"}
    if titles:
        option_titles_write(option=option, titles=titles)
    stockrecord.save()
    option.save()


def _relations_set(*, deal: Deal, actor, edit: DealEdit):
    if edit.locations is not None:
        old = sorted(str(loc) for loc in deal.locations.all())
        new = sorted(str(loc) for loc in edit.locations)
        if old != new:
            deal.locations.set(edit.locations)
            DealChange.objects.create(deal=deal, field="stores", old_value=", ".join(old),
                                      new_value=", ".join(new), actor=actor)
    if edit.categories is not None:
        old_ids = set(deal.product.categories.values_list("pk", flat=True))
        new_ids = {c.pk for c in edit.categories}
        if old_ids != new_ids:
            old = ", ".join(sorted(c.name for c in deal.product.categories.all()))
            ProductCategory.objects.filter(product=deal.product).exclude(category_id__in=new_ids).delete()
            for category in edit.categories:
                ProductCategory.objects.get_or_create(product=deal.product, category=category)
            DealChange.objects.create(deal=deal, field="categories", old_value=old,
                                      new_value=", ".join(sorted(c.name for c in edit.categories)),
                                      actor=actor)
    if edit.images:
        _images_add(deal=deal, images=edit.images)
        DealChange.objects.create(deal=deal, field="images",
                                  new_value=f"{len(edit.images)} added", actor=actor)


def _images_add(*, deal: Deal, images) -> None:
    """Adds photos (DealPhoto: a file and its alt text) after the deal's current ones."""
    start = deal.product.images.count()
    for n, photo in enumerate(images):
        ProductImage.objects.create(product=deal.product, original=photo.file,
                                    caption=photo.alt[:200], display_order=start + n)


def _revision_hold(*, deal: Deal, actor, changes: dict) -> DealRevision:
    """One pending revision per deal: a new edit replaces the held changes it overlaps."""
    revision = DealRevision.objects.select_for_update().filter(
        deal=deal, status=DealRevision.Status.PENDING).first()
    if revision is None:
        return DealRevision.objects.create(deal=deal, changes=changes, submitted_by=actor)
    merged = {"deal": {**revision.changes.get("deal", {}), **changes["deal"]},
              "options": dict(revision.changes.get("options", {}))}
    for option_id, fields in changes["options"].items():
        merged["options"][option_id] = {**merged["options"].get(option_id, {}), **fields}
    revision.changes = merged
    revision.submitted_by = actor
    revision.submitted_at = timezone.now()
    revision.save()
    return revision


def _revision_close(revision, status, actor, comment):
    revision.status = status
    revision.reviewed_by = actor
    revision.reviewed_at = timezone.now()
    revision.comment = comment
    revision.save()
    return revision


def _lock_submitted(deal: Deal) -> Deal:
    deal = Deal.objects.select_for_update().get(pk=deal.pk)
    if deal.review_status != Deal.Review.SUBMITTED:
        status = deal.get_review_status_display().lower()
        raise ValidationError(_("This deal is not waiting for review (it is %(status)s).") % {
            "status": status})
    return deal


def _lock_pending(revision: DealRevision) -> DealRevision:
    revision = DealRevision.objects.select_for_update().get(pk=revision.pk)
    if revision.status != DealRevision.Status.PENDING:
        raise ValidationError(_("This revision was already reviewed."))
    return revision


def _required_comment(comment: str) -> str:
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": _("Write a comment for the merchant: they read it.")})
    return comment


def _text(value) -> str:
    return "" if value is None else str(_to_json(value))


def _shown(field: str, value) -> str:
    """A value as a person reads it in the history and the reviewer's lines."""
    if field == "usage_windows":
        return terms.windows_text(value or []) or "—"
    if field == "excluded_dates":
        return ", ".join(value or []) or "—"
    return _text(value)

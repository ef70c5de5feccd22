"""Merchant portal pages for deals: draft, edit, submit for review, read staff's comments.

Only the merchant's deal managers (owners and managers) reach them; for anyone else, members
included, the deals are not there (404). The review flow is marketplace/deals/review.py.
"""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from marketplace.deals import lifecycle, review
from marketplace.deals.models import Deal
from marketplace.deals.services import text_key
from marketplace.languages.selectors import language_supported
from merchants.permissions import Can, member_required, user_can

from .context import portal_context
from .forms import DealForm, OptionFormSet, options_from, other_languages

deal_manager_required = member_required(Can.MANAGE_DEALS, hidden=True)


def _deal_or_404(membership, pk) -> Deal:
    return get_object_or_404(Deal.objects.select_related("product", "merchant"), pk=pk,
                             merchant=membership.merchant)


@deal_manager_required
def deal_list(request, membership):
    deals = (membership.merchant.deals.select_related("product", "merchant")
             .order_by("-created_at"))
    rows = [(d, lifecycle.LABELS.get(lifecycle.deal_status(d), d.review_status),
             review.deal_pending_revision(deal=d)) for d in deals]
    return render(request, "merchant_portal/deal_list.html",
                  {**portal_context(membership), "rows": rows})


@deal_manager_required
def deal_create(request, membership):
    return _deal_form(request, membership, deal=None)


@deal_manager_required
def deal_edit(request, membership, pk):
    return _deal_form(request, membership, deal=_deal_or_404(membership, pk))


@deal_manager_required
def deal_detail(request, membership, pk):
    deal = _deal_or_404(membership, pk)
    revision = review.deal_pending_revision(deal=deal)
    return render(request, "merchant_portal/deal_detail.html", {
        **portal_context(membership), "deal": deal,
        "status_label": lifecycle.LABELS.get(lifecycle.deal_status(deal)),
        "revision": revision,
        "revision_lines": review.revision_lines(revision) if revision else [],
        "history": review.deal_history(deal=deal),
        "options": [(o, review.option_current(o)) for o in deal.options.select_related("product")],
        "can_submit": deal.review_status in (Deal.Review.DRAFT, Deal.Review.REJECTED),
    })


@deal_manager_required
@require_POST
def deal_submit(request, membership, pk):
    return _submit(request, membership, _deal_or_404(membership, pk))


@login_required
def old_deal_link(request, pk=None):
    """/merchant/deals/[<pk>/] (e-mails sent before deals moved under the merchant's address)."""
    if pk is None:
        return redirect("merchant_portal:home")
    deal = Deal.objects.select_related("merchant").filter(pk=pk).first()
    if deal is None or not user_can(user=request.user, merchant_id=deal.merchant_id,
                                    action=Can.MANAGE_DEALS):
        raise Http404
    return redirect("merchant_portal:deal-detail", slug=deal.merchant.slug, pk=deal.pk)


def _deal_form(request, membership, *, deal: Deal | None):
    form, formset = _forms(request, membership.merchant, deal)
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            deal = _save(request, membership.merchant, deal, form, formset)
        except ValidationError as error:
            form.add_error(None, " ".join(error.messages))
        else:
            if "submit" in request.POST:
                return _submit(request, membership, deal)
            return redirect("merchant_portal:deal-detail", slug=membership.merchant.slug,
                            pk=deal.pk)
    return render(request, "merchant_portal/deal_form.html", {
        **portal_context(membership), "deal": deal, "form": form, "formset": formset})


def _forms(request, merchant, deal: Deal | None):
    posted = request.method == "POST"
    data, files = (request.POST, request.FILES) if posted else (None, None)
    initial, option_initial = {}, []
    # A new deal is written in the language the merchant reads, unless they choose another.
    own = deal.original_language if deal else (
        language_supported(request.POST.get("original_language")) or translation.get_language())
    if deal:
        keys = [*DealForm.DEAL_FIELDS, *(text_key(f, code) for code, _name in other_languages(own)
                                         for f in DealForm.TEXT_FIELDS)]
        initial = review.deal_current(deal, keys)
        initial.update(locations=list(deal.locations.all()),
                       categories=list(deal.product.categories.all()))
        option_initial = [{"option_id": o.pk, **review.option_current(o)}
                          for o in deal.options.select_related("product", "deal")]
    form = DealForm(data, files, merchant=merchant, initial=initial, own_language=own,
                    editing=deal is not None,
                    photos_existing=deal.product.images.count() if deal else 0)
    formset = OptionFormSet(data, prefix="options", initial=option_initial,
                            form_kwargs={"own_language": own})
    return form, formset


def _save(request, merchant, deal: Deal | None, form, formset) -> Deal:
    data = form.cleaned_data
    option_changes, new_options = options_from(formset)
    images = form.new_photos()
    if deal is None:
        fields = form.new_deal_fields()
        deal = review.deal_draft_create(
            merchant=merchant, actor=request.user, title=fields.pop("title"),
            options=new_options, locations=list(data["locations"]),
            categories=list(data["categories"]), images=images, **fields)
        messages.success(request, _("Deal saved as a draft."))
        return deal
    revision = review.deal_edit(deal=deal, actor=request.user, edit=review.DealEdit(
        fields=form.deal_fields(), options=option_changes, new_options=tuple(new_options),
        locations=list(data["locations"]), categories=list(data["categories"]),
        images=tuple(images)))
    if revision:
        messages.info(request, _("Changes to price, value or terms were sent to review; "
                                 "the approved version stays on sale until then."))
    else:
        messages.success(request, _("Deal saved."))
    return deal


def _submit(request, membership, deal: Deal):
    try:
        review.deal_submit(deal=deal, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Deal submitted: our team will review it."))
    return redirect("merchant_portal:deal-detail", slug=membership.merchant.slug, pk=deal.pk)

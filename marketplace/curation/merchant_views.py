"""Merchant portal pages for deals: draft, edit, submit for review, read staff's comments.

Only owners and managers of the deal's merchant reach them; anyone else gets a 404.
"""
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.views.generic import TemplateView, View

from marketplace.deals import lifecycle
from marketplace.deals import review
from marketplace.deals.models import Deal
from marketplace.deals.services import OptionSpec

from .forms import DealForm, OptionFormSet
from .merchant_access import merchants_for_deal_editor


class MerchantDealMixin(LoginRequiredMixin):
    def merchants(self):
        return merchants_for_deal_editor(user=self.request.user)

    def portal_context(self, merchant) -> dict:
        """What the merchant portal's layout (merchants/base.html) shows in its header."""
        membership = merchant.memberships.filter(user=self.request.user).first() if merchant else None
        return {"merchant": merchant, "membership": membership, "can_manage": membership is not None}

    def get_deal(self, pk) -> Deal:
        return get_object_or_404(
            Deal.objects.select_related("product", "merchant"), pk=pk, merchant__in=self.merchants())


class DealListView(MerchantDealMixin, TemplateView):
    template_name = "curation/merchant/deal_list.html"

    def get_context_data(self, **kwargs):
        merchants = list(self.merchants())
        if not merchants:
            raise Http404("You do not manage a merchant.")
        deals = Deal.objects.filter(merchant__in=merchants).select_related("product", "merchant")
        rows = [(d, lifecycle.LABELS.get(lifecycle.deal_status(d), d.review_status),
                 review.deal_pending_revision(deal=d)) for d in deals.order_by("-created_at")]
        portal = self.portal_context(merchants[0] if len(merchants) == 1 else None)
        return super().get_context_data(merchants=merchants, rows=rows, **portal, **kwargs)


class DealFormView(MerchantDealMixin, TemplateView):
    template_name = "curation/merchant/deal_form.html"

    def setup_objects(self, pk=None):
        self.deal = self.get_deal(pk) if pk else None
        if self.deal:
            self.merchant = self.deal.merchant
        else:
            merchants = self.merchants()
            wanted = self.request.GET.get("merchant") or self.request.POST.get("merchant")
            self.merchant = (merchants.filter(pk=wanted).first() if wanted else merchants.first())
            if self.merchant is None:
                raise Http404("You do not manage this merchant.")

    def forms(self):
        posted = self.request.method == "POST"
        data, files = (self.request.POST, self.request.FILES) if posted else (None, None)
        initial, option_initial = {}, []
        if self.deal:
            initial = review.deal_current(self.deal, DealForm.DEAL_FIELDS)
            initial.update(locations=list(self.deal.locations.all()),
                           categories=list(self.deal.product.categories.all()))
            option_initial = [{"option_id": o.pk, **review.option_current(o)}
                              for o in self.deal.options.select_related("product")]
        form = DealForm(data, files, merchant=self.merchant, initial=initial)
        formset = OptionFormSet(data, prefix="options", initial=option_initial)
        return form, formset

    def get(self, request, pk=None):
        self.setup_objects(pk)
        form, formset = self.forms()
        return self.render_to_response(self.get_context_data(form=form, formset=formset))

    def get_context_data(self, **kwargs):
        return super().get_context_data(deal=self.deal, **self.portal_context(self.merchant), **kwargs)

    def post(self, request, pk=None):
        self.setup_objects(pk)
        form, formset = self.forms()
        if form.is_valid() and formset.is_valid():
            try:
                return self.save(form, formset)
            except ValidationError as error:
                form.add_error(None, " ".join(error.messages))
        return self.render_to_response(self.get_context_data(form=form, formset=formset))

    def save(self, form, formset):
        data = form.cleaned_data
        rows = [f.cleaned_data for f in formset if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        specs = [OptionSpec(r["title"], r["price"], r["value"], r["units"])
                 for r in rows if not r.get("option_id")]
        images = [data["image"]] if data.get("image") else []
        if self.deal is None:
            fields = form.deal_fields()
            fields.pop("title")
            deal = review.deal_draft_create(
                merchant=self.merchant, actor=self.request.user, title=data["title"],
                options=specs, locations=list(data["locations"]),
                categories=list(data["categories"]), images=images, **fields)
            messages.success(self.request, "Deal saved as a draft.")
        else:
            deal = self.deal
            fields = form.deal_fields()
            revision = review.deal_edit(deal=deal, actor=self.request.user, edit=review.DealEdit(
                fields=fields,
                options={r["option_id"]: {k: r[k] for k in ("title", "price", "value", "units")}
                         for r in rows if r.get("option_id")},
                new_options=tuple(specs), locations=list(data["locations"]),
                categories=list(data["categories"]), images=tuple(images)))
            if revision:
                messages.info(self.request, "Changes to price, value or terms were sent to review; "
                                            "the approved version stays on sale until then.")
            else:
                messages.success(self.request, "Deal saved.")
        if "submit" in self.request.POST:
            return DealSubmitView.submit(self.request, deal)
        return redirect("curation-merchant:deal-detail", pk=deal.pk)


class DealDetailView(MerchantDealMixin, TemplateView):
    template_name = "curation/merchant/deal_detail.html"

    def get_context_data(self, **kwargs):
        deal = self.get_deal(kwargs["pk"])
        revision = review.deal_pending_revision(deal=deal)
        return super().get_context_data(
            **self.portal_context(deal.merchant),
            deal=deal, status_label=lifecycle.LABELS.get(lifecycle.deal_status(deal)),
            revision=revision, revision_lines=review.revision_lines(revision) if revision else [],
            revisions=deal.revisions.all()[:10], history=review.deal_history(deal=deal),
            options=[(o, review.option_current(o)) for o in deal.options.select_related("product")],
            can_submit=deal.review_status in (Deal.Review.DRAFT, Deal.Review.REJECTED), **kwargs)


class DealSubmitView(MerchantDealMixin, View):
    def post(self, request, pk):
        return self.submit(request, self.get_deal(pk))

    @staticmethod
    def submit(request, deal):
        try:
            review.deal_submit(deal=deal, actor=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "Deal submitted: our team will review it.")
        return redirect("curation-merchant:deal-detail", pk=deal.pk)

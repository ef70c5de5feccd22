"""Staff pages in Oscar's dashboard. Access is declared in apps.py (permissions_map); each page
reads through selectors and writes through one service call."""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, View
from oscar.core.loading import get_model

from marketplace.deals import featuring
from marketplace.deals import review
from marketplace.deals.models import Deal, FeaturedSlot
from marketplace.deals.preview import PARAM as PREVIEW_PARAM
from marketplace.ledger import commissions
from vouchers import ratelimit
from vouchers.models import RedemptionAlert, Voucher

from . import categories, onboarding, support
from .apps import CURATOR_PERMISSION
from .deal_decisions import deal_decide
from .forms import (
    CategoryCreateForm, CategoryForm, CategoryMergeForm, CategoryMoveForm, CommissionForm,
    FeaturedSlotForm, PreviewForm, RejectForm, ReviewForm, VoucherActionForm,
)
from .models import MerchantApplication

Category = get_model("catalogue", "Category")


def _errors(error: ValidationError) -> str:
    return " ".join(error.messages)


class FormPage(TemplateView):
    """A page with one form whose valid submission calls one service."""

    form_class = None

    def get_form(self):
        return self.form_class(self.request.POST or None, self.request.FILES or None,
                               **self.form_kwargs())

    def form_kwargs(self):
        return {}

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", self.get_form())
        return super().get_context_data(**kwargs)

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        if form.is_valid():
            try:
                return self.act(form)
            except ValidationError as error:
                form.add_error(None, _errors(error))
        return self.render_to_response(self.get_context_data(form=form, **kwargs))


# --- categories ----------------------------------------------------------------------------

class CategoryListView(TemplateView):
    template_name = "curation/dashboard/category_list.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            categories=Category.get_tree(), can_curate=self.request.user.has_perm(CURATOR_PERMISSION),
            **kwargs)


class CategoryCreateView(FormPage):
    template_name = "curation/dashboard/category_form.html"
    form_class = CategoryCreateForm

    def act(self, form):
        category = categories.category_create(**form.cleaned_data)
        messages.success(self.request, _("Category “%(name)s” created.") % {"name": category.name})
        return redirect("curation:curation-category-list")


class CategoryUpdateView(FormPage):
    template_name = "curation/dashboard/category_form.html"
    form_class = CategoryForm

    def dispatch(self, request, *args, **kwargs):
        self.category = get_object_or_404(Category, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def form_kwargs(self):
        c = self.category
        return {"initial": {"name": c.name, "slug": c.slug, "description": c.description,
                            "is_public": c.is_public}}

    def get_context_data(self, **kwargs):
        return super().get_context_data(category=self.category, **kwargs)

    def act(self, form):
        changes = dict(form.cleaned_data)
        if not changes["image"]:
            changes.pop("image")
        categories.category_update(category=self.category, **changes)
        messages.success(self.request, _("Category saved; its deals are being re-indexed."))
        return redirect("curation:curation-category-list")


class CategoryMoveView(CategoryUpdateView):
    template_name = "curation/dashboard/category_move.html"
    form_class = CategoryMoveForm

    def form_kwargs(self):
        return {"initial": {"parent": self.category.get_parent()}}

    def act(self, form):
        position = form.cleaned_data["position"]
        categories.category_move(category=self.category, parent=form.cleaned_data["parent"],
                                 position=position - 1 if position else None)
        messages.success(self.request, _("“%(name)s” moved.") % {"name": self.category.name})
        return redirect("curation:curation-category-list")


class CategoryMergeView(CategoryUpdateView):
    template_name = "curation/dashboard/category_merge.html"
    form_class = CategoryMergeForm

    def form_kwargs(self):
        return {"source": self.category}

    def act(self, form):
        target = categories.category_merge(source=self.category, target=form.cleaned_data["target"])
        messages.success(self.request, _(
            "“%(name)s” merged into “%(target)s”; its old address redirects there.") % {
            "name": self.category.name, "target": target.name})
        return redirect("curation:curation-category-list")


# --- merchant applications -----------------------------------------------------------------

class ApplicationListView(TemplateView):
    template_name = "curation/dashboard/application_list.html"

    def get_context_data(self, **kwargs):
        status = self.request.GET.get("status", MerchantApplication.Status.PENDING)
        return super().get_context_data(
            applications=onboarding.merchant_applications(status=status or None),
            status=status, statuses=MerchantApplication.Status.choices, **kwargs)


class ApplicationDetailView(FormPage):
    template_name = "curation/dashboard/application_detail.html"
    form_class = RejectForm

    def dispatch(self, request, *args, **kwargs):
        self.application = get_object_or_404(MerchantApplication, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(application=self.application, **kwargs)

    def post(self, request, *args, **kwargs):
        if request.POST.get("decision") == "approve":
            try:
                merchant = onboarding.merchant_application_approve(
                    application=self.application, actor=request.user)
            except ValidationError as error:
                messages.error(request, _errors(error))
            else:
                messages.success(request, _("%(merchant)s approved; the owner was e-mailed.") % {
                    "merchant": merchant.name})
            return redirect("curation:curation-application-detail", pk=self.application.pk)
        return super().post(request, *args, **kwargs)

    def act(self, form):
        onboarding.merchant_application_reject(application=self.application,
                                               actor=self.request.user,
                                               reason=form.cleaned_data["reason"])
        messages.success(self.request, _("Application rejected; the applicant was e-mailed."))
        return redirect("curation:curation-application-list")


# --- deal review ---------------------------------------------------------------------------

class DealQueueView(TemplateView):
    template_name = "curation/dashboard/deal_queue.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(deals=review.deals_review_queue(), **kwargs)


class DealReviewView(FormPage):
    template_name = "curation/dashboard/deal_review.html"
    form_class = ReviewForm

    def dispatch(self, request, *args, **kwargs):
        self.deal = get_object_or_404(Deal.objects.select_related("product", "merchant"),
                                      pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        revision = review.deal_pending_revision(deal=self.deal)
        return super().get_context_data(
            deal=self.deal, revision=revision, history=review.deal_history(deal=self.deal),
            revision_lines=review.revision_lines(revision) if revision else [],
            options=[(o, review.option_current(o)) for o in self.deal.options.select_related("product")],
            languages=review.deal_texts_in_languages(self.deal), **kwargs)

    def act(self, form):
        deal_decide(deal=self.deal, actor=self.request.user, **form.cleaned_data)
        messages.success(self.request, _("Decision recorded for “%(deal)s”.") % {"deal": self.deal.title})
        return redirect("curation:curation-deal-review", pk=self.deal.pk)


# --- featured deals ------------------------------------------------------------------------

class FeaturedListView(FormPage):
    template_name = "curation/dashboard/featured_list.html"
    form_class = FeaturedSlotForm

    def get_form(self):
        if self.request.method == "POST":
            return FeaturedSlotForm(self.request.POST)
        return FeaturedSlotForm(initial={"deal": self.request.GET.get("deal"),
                                         "starts_on": timezone.localdate(),
                                         "city": self.request.GET.get("city", "")})

    def get_context_data(self, **kwargs):
        city = self.request.GET.get("city") or None
        return super().get_context_data(
            slots=featuring.featured_slots(city=city), preview_form=PreviewForm(
                initial={"on": timezone.localdate(), "city": city or ""}), **kwargs)

    def act(self, form):
        slot = featuring.featured_slot_create(actor=self.request.user, **form.cleaned_data)
        messages.success(self.request, _("“%(deal)s” featured in slot %(position)s.") % {
            "deal": slot.deal, "position": slot.position})
        return redirect("curation:curation-featured-list")


class FeaturedDeleteView(View):
    def post(self, request, pk):
        featuring.featured_slot_delete(slot=get_object_or_404(FeaturedSlot, pk=pk))
        messages.success(request, _("Slot removed."))
        return redirect("curation:curation-featured-list")


class PreviewView(View):
    """Opens the buyer's page for a city (and category) as it will look on a chosen day."""

    def get(self, request):
        form = PreviewForm(request.GET)
        if not form.is_valid():
            messages.error(request, _("Choose a city and a day to preview."))
            return redirect("curation:curation-featured-list")
        category = form.cleaned_data["category"]
        url = (reverse("deals:category", kwargs={"slug": category.full_slug}) if category
               else reverse("deals:home"))
        return redirect(f"{url}?city={form.cleaned_data['city']}"
                        f"&{PREVIEW_PARAM}={form.cleaned_data['on'].isoformat()}")


# --- commissions ---------------------------------------------------------------------------

class CommissionView(FormPage):
    template_name = "curation/dashboard/commissions.html"
    form_class = CommissionForm

    def get_context_data(self, **kwargs):
        merchant_rates, category_rates = commissions.commission_rates()
        return super().get_context_data(merchant_rates=merchant_rates, category_rates=category_rates,
                                         default_percent=commissions.platform_default_percent(),
                                         **kwargs)

    def act(self, form):
        commissions.commission_rate_set(actor=self.request.user, **form.cleaned_data)
        messages.success(self.request, _("Commission rate saved; it applies to sales from now on."))
        return redirect("curation:curation-commissions")


# --- voucher support -----------------------------------------------------------------------

class VoucherSearchView(TemplateView):
    template_name = "curation/dashboard/voucher_search.html"

    def get_context_data(self, **kwargs):
        query = self.request.GET.get("q", "")
        return super().get_context_data(query=query, vouchers=support.vouchers_find(query=query)[:50],
                                         **kwargs)


class VoucherDetailView(FormPage):
    template_name = "curation/dashboard/voucher_detail.html"
    form_class = VoucherActionForm

    def dispatch(self, request, *args, **kwargs):
        self.voucher = get_object_or_404(
            Voucher.objects.select_related("deal__product", "merchant", "order_line__order"),
            pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(voucher=self.voucher,
                                        events=support.voucher_history(voucher=self.voucher), **kwargs)

    def act(self, form):
        action, reason = form.cleaned_data["action"], form.cleaned_data["reason"]
        if action == VoucherActionForm.VOID:
            support.voucher_void(voucher=self.voucher, actor=self.request.user, reason=reason)
            messages.success(self.request, _("Voucher voided."))
        else:
            support.voucher_staff_refund(voucher=self.voucher, actor=self.request.user, reason=reason)
            messages.success(self.request, _("Voucher refunded."))
        return redirect("curation:curation-voucher-detail", pk=self.voucher.pk)


# --- redemption alerts ---------------------------------------------------------------------

class RedemptionAlertsView(TemplateView):
    """Members and stores locked out after repeated failed voucher look-ups at the counter."""

    template_name = "curation/dashboard/redemption_alerts.html"

    def get_context_data(self, **kwargs):
        alerts = RedemptionAlert.objects.select_related("merchant", "location", "user")[:200]
        return super().get_context_data(alerts=alerts, **kwargs)

    def post(self, request):
        ratelimit.lift_lockout(get_object_or_404(RedemptionAlert, pk=request.POST.get("alert")))
        return redirect("curation:curation-redemption-alerts")

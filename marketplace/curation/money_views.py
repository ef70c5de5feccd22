"""Staff's money pages: what each merchant is owed, holds, payment terms, the payout button and
the platform's own report. Each action is one call to a ledger service."""
import csv
from datetime import datetime, time, timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, View

from marketplace.ledger import payouts, selectors, terms
from merchants.models import Merchant

from .forms import HoldForm, PeriodForm, TermsForm


class MoneyView(TemplateView):
    """Every merchant with money: due, held back, held for unredeemed vouchers, why not paid."""

    template_name = "curation/dashboard/money.html"

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        return super().get_context_data(
            owed=selectors.merchants_owed(), recent=selectors.payouts_recent(),
            period_form=PeriodForm(initial={"start": today.replace(day=1), "end": today}),
            **kwargs)

    def post(self, request):
        payouts.payouts_run_request(actor=request.user)
        messages.success(request, _("Payout run started: each merchant who can be paid is paid "
                                    "what is due now."))
        return redirect("curation:curation-money")


class MerchantMoneyView(TemplateView):
    """One merchant: balances, payment terms (history and a new version), hold or lift."""

    template_name = "curation/dashboard/money_merchant.html"

    def get_context_data(self, **kwargs):
        merchant = get_object_or_404(Merchant, pk=self.kwargs["pk"])
        current = terms.terms_in_effect(merchant_id=merchant.pk)
        kwargs.setdefault("terms_form", TermsForm(initial={
            "pay_on": current.pay_on, "schedule": current.schedule,
            "reserve_percent": current.reserve_percent, "reserve_days": current.reserve_days}))
        kwargs.setdefault("hold_form", HoldForm())
        account = payouts.payout_account_get(merchant=merchant)
        return super().get_context_data(
            merchant=merchant, balances=selectors.merchant_balances(merchant_id=merchant.pk),
            terms_history=terms.terms_history(merchant=merchant), account=account,
            blocker=payouts.payout_blocker(account), **kwargs)

    def post(self, request, pk):
        merchant = get_object_or_404(Merchant, pk=pk)
        if "pay_on" in request.POST:
            form = TermsForm(request.POST)
            if form.is_valid():
                try:
                    terms.terms_set(merchant=merchant, actor=request.user, **form.cleaned_data)
                except ValidationError as error:
                    form.add_error(None, error)
            if form.errors:
                return self.render_to_response(self.get_context_data(terms_form=form))
            messages.success(request, _("New terms saved: they apply to what is booked from now on."))
        else:
            form = HoldForm(request.POST)
            try:
                if not form.is_valid():
                    raise ValidationError(_("Choose to hold or to lift."))
                if form.cleaned_data["action"] == HoldForm.HOLD:
                    payouts.merchant_hold(merchant=merchant, reason=form.cleaned_data["reason"],
                                          actor=request.user)
                else:
                    payouts.merchant_hold_lift(merchant=merchant, actor=request.user)
            except ValidationError as error:
                form.add_error(None, error)
                return self.render_to_response(self.get_context_data(hold_form=form))
            messages.success(request, _("Saved."))
        return redirect("curation:curation-money-merchant", pk=merchant.pk)


class PlatformReportView(View):
    """The platform's own accounts for a period, as CSV: commission earned, what voided vouchers
    left, refunds paid, payouts made, and the unredeemed-voucher liability at the end."""

    def get(self, request):
        form = PeriodForm(request.GET)
        if not form.is_valid():
            messages.error(request, " ".join(str(e) for errors in form.errors.values()
                                             for e in errors))
            return redirect("curation:curation-money")
        zone = timezone.get_current_timezone()
        start = datetime.combine(form.cleaned_data["start"], time.min, tzinfo=zone)
        end = datetime.combine(form.cleaned_data["end"] + timedelta(days=1), time.min, tzinfo=zone)
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="platform-{form.cleaned_data["start"]}-{form.cleaned_data["end"]}.csv"')
        writer = csv.writer(response)
        writer.writerow(["currency", "commission_earned", "breakage_kept", "refunds_paid",
                         "payouts_made", "unredeemed_liability_at_end"])
        for row in selectors.platform_report(start=start, end=end):
            writer.writerow([row.currency, row.commission_earned, row.breakage_kept,
                             row.refunds_paid, row.payouts_made, row.unredeemed_liability])
        return response

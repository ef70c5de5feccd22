"""The merchant's money: a statement and a report for any period (page, CSV, PDF) and their
Stripe account for payouts. The figures come from the ledger (marketplace/ledger/statements.py,
reports.py)."""
import csv
from datetime import datetime, time, timedelta

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from marketplace.ledger.payouts import (
    PayoutAccountUnavailable, payout_account_connect, payout_account_get, payout_account_refresh,
    payout_blocker,
)
from marketplace.ledger.periods import period_containing
from marketplace.ledger.reports import merchant_report
from marketplace.ledger.statement_files import (
    deal_titles, line_events, line_voucher, statement_csv_rows, statement_pdf,
)
from marketplace.ledger.statements import statement_build
from marketplace.ledger.terms import terms_in_effect
from merchants.permissions import Can, member_required
from merchants.selectors import merchant_zone

from .context import portal_context
from .forms import ReportPeriodForm, StatementPeriodForm

LINES_SHOWN = 500
REPORT_DAYS = 30  # the report shown before a period is chosen: the last 30 days


class _Echo:
    def write(self, value):
        return value


def _statement(request, merchant):
    """The statement asked for; the current pay period when nothing, or nothing valid, is asked
    (the form then says what was wrong)."""
    zone = merchant_zone(merchant)
    schedule = terms_in_effect(merchant_id=merchant.pk).schedule
    period = period_containing(schedule=schedule, at=timezone.now(), zone=zone)
    start_day, end_day = period.start.date(), (period.end - timedelta(days=1)).date()
    form = StatementPeriodForm(request.GET or None, initial={"start": start_day, "end": end_day})
    currency = settings.OSCAR_DEFAULT_CURRENCY
    if form.is_valid():
        start_day, end_day = form.cleaned_data["start"], form.cleaned_data["end"]
        currency = (form.cleaned_data["currency"] or currency).upper()
    start = datetime.combine(start_day, time.min, tzinfo=zone)
    end = datetime.combine(end_day + timedelta(days=1), time.min, tzinfo=zone)
    statement = statement_build(merchant=merchant, currency=currency, start=start, end=end)
    return form, statement, f"{merchant.slug}-statement-{start_day}-{end_day}"


@member_required(Can.SEE_REPORTS)
def statement(request, membership):
    merchant = membership.merchant
    form, statement, _name = _statement(request, merchant)
    titles = deal_titles(statement)
    lines = [{**line, "deal": titles.get(line["deal_id"], ""), "events": line_events(line),
              "voucher": line_voucher(line)}
             for line in statement.lines[:LINES_SHOWN]]
    return render(request, "merchant_portal/statement.html", {
        **portal_context(membership), "form": form, "statement": statement, "lines": lines,
        "more_lines": len(lines) == LINES_SHOWN, "query": request.GET.urlencode(),
    })


@member_required(Can.SEE_REPORTS)
def statement_csv(request, membership):
    _form, statement, name = _statement(request, membership.merchant)
    writer = csv.writer(_Echo())
    response = StreamingHttpResponse((writer.writerow(row) for row in statement_csv_rows(statement)),
                                     content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


@member_required(Can.SEE_REPORTS)
def statement_pdf_download(request, membership):
    _form, statement, name = _statement(request, membership.merchant)
    response = HttpResponse(statement_pdf(statement), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    return response


@member_required(Can.SEE_REPORTS)
def report(request, membership):
    """Sales, redemptions by store and by staff member, refunds, commission and payouts for the
    days asked (the last 30 when nothing, or nothing valid, is asked: the form says what was
    wrong), with a chart of sales and redemptions per day."""
    merchant = membership.merchant
    zone = merchant_zone(merchant)
    end_day = timezone.localtime(timezone.now(), zone).date()
    start_day = end_day - timedelta(days=REPORT_DAYS - 1)
    form = ReportPeriodForm(request.GET or None, initial={"start": start_day, "end": end_day})
    currency = settings.OSCAR_DEFAULT_CURRENCY
    if form.is_valid():
        start_day, end_day = form.cleaned_data["start"], form.cleaned_data["end"]
        currency = (form.cleaned_data["currency"] or currency).upper()
    report = merchant_report(
        merchant=merchant, currency=currency,
        start=datetime.combine(start_day, time.min, tzinfo=zone),
        end=datetime.combine(end_day + timedelta(days=1), time.min, tzinfo=zone))
    query = f"start={start_day}&end={end_day}&currency={currency}"
    return render(request, "merchant_portal/reports.html", {
        **portal_context(membership), "form": form, "report": report, "query": query,
        "chart_data": report.chart_data(), "last_day": end_day,
    })


@member_required(Can.MANAGE_PAYOUTS)
def payouts(request, membership):
    merchant = membership.merchant
    account = payout_account_get(merchant=merchant)
    if request.GET.get("returned") and account.stripe_account_id:
        try:
            account = payout_account_refresh(merchant=merchant)
        except PayoutAccountUnavailable:
            messages.error(request, _("Stripe could not be reached; try again in a moment."))
    return render(request, "merchant_portal/payouts.html", {
        **portal_context(membership), "account": account, "blocker": payout_blocker(account),
        "payouts": merchant.payouts.all()[:50],
    })


@require_POST
@member_required(Can.MANAGE_PAYOUTS)
def payouts_connect(request, membership):
    merchant = membership.merchant
    back = request.build_absolute_uri(reverse("merchant_portal:payouts", args=[merchant.slug]))
    try:
        link = payout_account_connect(merchant=merchant, refresh_url=back,
                                      return_url=f"{back}?returned=1")
    except PayoutAccountUnavailable:
        messages.error(request, _("Stripe could not be reached; try again in a moment."))
        return redirect("merchant_portal:payouts", slug=merchant.slug)
    return redirect(link)

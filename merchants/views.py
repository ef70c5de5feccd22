"""Merchant portal pages: home, dashboard and CSV export, team and invitations, stores and till
tokens; and the platform staff's list of look-up alerts."""
import csv
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required, user_passes_test
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from vouchers import codes, ratelimit
from vouchers.models import RedemptionAlert
from vouchers.redemption import redeemer_label

from . import selectors, services
from .forms import ApiTokenForm, InvitationForm, UndoForm
from .models import ApiToken, Membership
from .permissions import Can, member_can, membership_or_404, merchants_of


def _manager(request, slug) -> Membership:
    membership = membership_or_404(user=request.user, slug=slug)
    if not member_can(membership, Can.SEE_REPORTS):
        raise PermissionDenied("Only owners and managers see this page.")
    return membership


def _owner(request, slug) -> Membership:
    membership = membership_or_404(user=request.user, slug=slug)
    if not member_can(membership, Can.MANAGE_TEAM):
        raise PermissionDenied("Only owners manage the team and the stores.")
    return membership


@login_required
def home(request):
    merchants = merchants_of(request.user)
    if len(merchants) == 1:
        return redirect("merchants:dashboard", slug=merchants[0].slug)
    return render(request, "merchants/home.html", {"merchants": merchants})


@login_required
def dashboard(request, slug):
    membership = membership_or_404(user=request.user, slug=slug)
    if not member_can(membership, Can.SEE_REPORTS):
        return redirect("merchants:counter", slug=slug)
    merchant = membership.merchant
    start, end = selectors.day_bounds(merchant)
    return render(request, "merchants/dashboard.html", {
        "membership": membership, "merchant": merchant, "can_manage": True,
        "today": selectors.redemption_totals_today(merchant=merchant),
        "deals": selectors.voucher_counts_by_deal(merchant=merchant),
        "recent": selectors.redemptions_between(merchant=merchant, start=start, end=end)[:50],
        "undo_form": UndoForm(),
    })


@login_required
def redemptions_csv(request, slug):
    membership = _manager(request, slug)
    merchant = membership.merchant
    try:
        day = date.fromisoformat(request.GET["day"]) if request.GET.get("day") else None
    except ValueError:
        day = None
    start, end = selectors.day_bounds(merchant, day)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{merchant.slug}-redemptions-{start.date().isoformat()}.csv"')
    writer = csv.writer(response)
    writer.writerow(["redeemed_at", "store", "deal", "option", "voucher", "code_end", "amount",
                     "currency", "paid_value_only", "client", "redeemed_by", "undone_at",
                     "undo_reason"])
    zone = selectors.merchant_zone(merchant)
    for r in selectors.redemptions_between(merchant=merchant, start=start, end=end):
        writer.writerow([
            timezone.localtime(r.redeemed_at, zone).isoformat(), r.location.name,
            r.voucher.deal.product.title, r.voucher.option.title, r.voucher_id,
            codes.display(r.voucher.code)[-4:], r.amount, r.currency,
            "yes" if r.paid_value_only else "no", r.client, redeemer_label(r),
            timezone.localtime(r.undone_at, zone).isoformat() if r.undone_at else "",
            r.undo_reason,
        ])
    return response


@login_required
def team(request, slug):
    membership = _owner(request, slug)
    merchant = membership.merchant
    form = InvitationForm(request.POST or None, merchant=merchant)
    if request.method == "POST" and form.is_valid():
        services.invitation_create(
            merchant=merchant, email=form.cleaned_data["email"], role=form.cleaned_data["role"],
            locations=list(form.cleaned_data["locations"]), invited_by=request.user,
            accept_url_for=lambda secret: request.build_absolute_uri(
                reverse("merchants:invitation", args=[secret])))
        messages.success(request, f"Invitation sent to {form.cleaned_data['email']}.")
        return redirect("merchants:team", slug=slug)
    return render(request, "merchants/team.html", {
        "membership": membership, "merchant": merchant, "can_manage": True, "form": form,
        "members": merchant.memberships.select_related("user").prefetch_related("locations"),
        "invitations": merchant.invitations.filter(accepted_at__isnull=True,
                                                   expires_at__gt=timezone.now()),
    })


@login_required
@require_POST
def member_remove(request, slug, pk):
    membership = _owner(request, slug)
    target = get_object_or_404(Membership, pk=pk, merchant=membership.merchant)
    try:
        services.membership_remove(membership=target)
        messages.success(request, f"{target.user.get_username()} was removed.")
    except ValueError as exc:
        messages.error(request, str(exc))
    return redirect("merchants:team", slug=slug)


def invitation(request, secret):
    found = services.invitation_get(secret=secret)
    if found is None:
        raise Http404
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if request.method == "POST":
        try:
            services.invitation_accept(secret=secret, user=request.user)
        except ValueError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, f"You joined {found.merchant.name}.")
            return redirect("merchants:dashboard", slug=found.merchant.slug)
    return render(request, "merchants/invitation.html", {"invitation": found})


@login_required
def stores(request, slug):
    membership = _owner(request, slug)
    merchant = membership.merchant
    form = ApiTokenForm(request.POST or None, merchant=merchant)
    shown_once = None
    if request.method == "POST" and form.is_valid():
        token, shown_once = services.api_token_create(
            location=form.cleaned_data["location"], name=form.cleaned_data["name"],
            created_by=request.user)
        form = ApiTokenForm(merchant=merchant)
    return render(request, "merchants/stores.html", {
        "membership": membership, "merchant": merchant, "can_manage": True, "form": form,
        "shown_once": shown_once,
        "locations": merchant.locations.prefetch_related("api_tokens"),
    })


@login_required
@require_POST
def token_revoke(request, slug, pk):
    membership = _owner(request, slug)
    token = get_object_or_404(ApiToken, pk=pk, location__merchant=membership.merchant)
    services.api_token_revoke(token=token)
    messages.success(request, f"Token {token.prefix}… revoked.")
    return redirect("merchants:stores", slug=slug)


@user_passes_test(lambda u: u.is_active and u.is_staff)
def staff_alerts(request):
    if request.method == "POST":
        alert = get_object_or_404(RedemptionAlert, pk=request.POST.get("alert"))
        ratelimit.lift_lockout(alert)
        return redirect("merchants:staff-alerts")
    alerts = RedemptionAlert.objects.select_related("merchant", "location", "user")[:200]
    return render(request, "merchants/staff_alerts.html", {"alerts": alerts})

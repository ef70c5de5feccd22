"""Merchant portal pages: home, the day's dashboard and CSV export, team and invitations, stores
and till tokens. Who may open each page is declared by its member_required (merchants.permissions)."""
import csv
from datetime import date

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from merchants import selectors as merchant_selectors
from merchants import services
from merchants.services import STORE_DETAILS
from marketplace.deals.services import text_key
from merchants.models import ApiToken, Location, Membership
from merchants.permissions import Can, member_can, member_required, merchants_of
from vouchers import codes
from vouchers.redemption import redeemer_label

from . import selectors
from .context import portal_context
from .forms import ApiTokenForm, InvitationForm, NewStoreForm, StoreForm, UndoForm


@login_required
def home(request):
    merchants = merchants_of(request.user)
    if len(merchants) == 1:
        return redirect("merchant_portal:dashboard", slug=merchants[0].slug)
    return render(request, "merchant_portal/home.html", {"merchants": merchants})


@member_required()
def dashboard(request, membership):
    if not member_can(membership, Can.SEE_REPORTS):
        return redirect("merchant_portal:counter", slug=membership.merchant.slug)
    merchant = membership.merchant
    start, end = merchant_selectors.day_bounds(merchant)
    return render(request, "merchant_portal/dashboard.html", {
        **portal_context(membership),
        "today": selectors.redemption_totals_today(merchant=merchant),
        "deals": selectors.voucher_counts_by_deal(merchant=merchant),
        "recent": selectors.redemptions_between(merchant=merchant, start=start, end=end)[:50],
        "undo_form": UndoForm(), "first_steps": selectors.first_steps(merchant=merchant),
    })


@member_required(Can.SEE_REPORTS)
def redemptions_csv(request, membership):
    merchant = membership.merchant
    try:
        day = date.fromisoformat(request.GET["day"]) if request.GET.get("day") else None
    except ValueError:
        day = None
    start, end = merchant_selectors.day_bounds(merchant, day)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{merchant.slug}-redemptions-{start.date().isoformat()}.csv"')
    writer = csv.writer(response)
    writer.writerow(["redeemed_at", "store", "deal", "option", "voucher", "code_end", "amount",
                     "currency", "paid_value_only", "client", "redeemed_by", "undone_at",
                     "undo_reason"])
    zone = merchant_selectors.merchant_zone(merchant)
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


@member_required(Can.MANAGE_TEAM)
def team(request, membership):
    merchant = membership.merchant
    form = InvitationForm(request.POST or None, merchant=merchant)
    if request.method == "POST" and form.is_valid():
        services.invitation_create(
            merchant=merchant, email=form.cleaned_data["email"], role=form.cleaned_data["role"],
            locations=list(form.cleaned_data["locations"]), invited_by=request.user)
        messages.success(request, _("Invitation sent to %(email)s.") % {
            "email": form.cleaned_data["email"]})
        return redirect("merchant_portal:team", slug=merchant.slug)
    return render(request, "merchant_portal/team.html", {
        **portal_context(membership), "form": form,
        "members": merchant.memberships.select_related("user").prefetch_related("locations"),
        "invitations": merchant.invitations.filter(accepted_at__isnull=True,
                                                   expires_at__gt=timezone.now()),
    })


@member_required(Can.MANAGE_TEAM)
@require_POST
def member_remove(request, membership, pk):
    target = get_object_or_404(Membership, pk=pk, merchant=membership.merchant)
    try:
        services.membership_remove(membership=target)
        messages.success(request, _("%(name)s was removed.") % {"name": target.user.get_username()})
    except ValueError as exc:
        messages.error(request, str(exc))
    return redirect("merchant_portal:team", slug=membership.merchant.slug)


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
            messages.success(request, _("You joined %(name)s.") % {"name": found.merchant.name})
            return redirect("merchant_portal:dashboard", slug=found.merchant.slug)
    return render(request, "merchant_portal/invitation.html", {"invitation": found})


@member_required(Can.MANAGE_STORES)
def stores(request, membership):
    merchant = membership.merchant
    posted = request.POST if request.method == "POST" else None
    adding = posted is not None and "add_store" in posted
    store_form = NewStoreForm(posted if adding else None, prefix="store")
    form = ApiTokenForm(None if adding else posted, merchant=merchant)
    shown_once = None
    if adding and store_form.is_valid():
        location = services.location_create(merchant=merchant, **store_form.location_fields())
        messages.success(request, _("%(store)s added: its deals can now be used there.")
                         % {"store": location.name})
        return redirect("merchant_portal:stores", slug=merchant.slug)
    if form.is_bound and form.is_valid():
        token, shown_once = services.api_token_create(
            location=form.cleaned_data["location"], name=form.cleaned_data["name"],
            created_by=request.user)
        form = ApiTokenForm(merchant=merchant)
    return render(request, "merchant_portal/stores.html", {
        **portal_context(membership), "form": form, "store_form": store_form,
        "shown_once": shown_once,
        "locations": merchant.locations.prefetch_related("api_tokens", "translations"),
    })


@member_required(Can.MANAGE_STORES)
def store_edit(request, membership, pk):
    """A store's name and directions, in its own language and others, and its address."""
    location = get_object_or_404(Location.objects.prefetch_related("translations"), pk=pk,
                                 merchant=membership.merchant)
    own = location.original_language
    initial = {f: getattr(location, f) for f in STORE_DETAILS}
    for code, _name in settings.LANGUAGES:
        for field in StoreForm.TEXT_FIELDS:
            initial[field if code == own else text_key(field, code)] = location.text_in(field, code)
    form = StoreForm(request.POST or None, initial=initial, own_language=own)
    if request.method == "POST" and form.is_valid():
        try:
            services.location_update(location=location, texts=form.texts_by_language(),
                                     **form.details())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Store saved."))
            return redirect("merchant_portal:stores", slug=membership.merchant.slug)
    return render(request, "merchant_portal/store_form.html", {
        **portal_context(membership), "form": form, "location": location})


@member_required(Can.MANAGE_STORES)
@require_POST
def token_revoke(request, membership, pk):
    token = get_object_or_404(ApiToken, pk=pk, location__merchant=membership.merchant)
    services.api_token_revoke(token=token)
    messages.success(request, _("Token %(prefix)s… revoked.") % {"prefix": token.prefix})
    return redirect("merchant_portal:stores", slug=membership.merchant.slug)

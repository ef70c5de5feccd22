"""The counter page: check a typed or scanned code, confirm, see the result; undo for managers.

Views only translate HTTP to the redemption services (vouchers/redemption.py) and back; which
stores a member may redeem at is merchants.permissions' answer.
"""
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from merchants.permissions import Can, member_required, redeem_locations
from vouchers import redemption as redeem
from vouchers.bookings import booking_standing
from vouchers.models import Redemption

from .context import portal_context
from .selectors import store_today_bookings
from .forms import CodeForm, ConfirmForm, UndoForm


def _store(request, membership, stores):
    """The store the member redeems at: chosen now, or remembered, or their only one."""
    key = f"counter-store-{membership.merchant_id}"
    wanted = request.POST.get("store") or request.GET.get("store") or request.session.get(key)
    by_id = {str(s.pk): s for s in stores}
    if wanted is not None and str(wanted) not in by_id:
        if request.POST.get("store") or request.GET.get("store"):
            raise PermissionDenied(_("You cannot redeem at this store."))
        wanted = None
    store = by_id[str(wanted)] if wanted else (stores[0] if len(stores) == 1 else None)
    if store is not None:
        request.session[key] = store.pk
    return store


def _counter(request, membership, store):
    counter = redeem.counter_for_member(user=request.user, merchant=membership.merchant,
                                        location=store)
    if counter is None:
        raise PermissionDenied(_("You cannot redeem at this store."))
    return counter


def _card(checked, store):
    """What the page shows of one voucher."""
    voucher = checked.voucher
    return {
        "checked": checked,
        "voucher": voucher,
        "holder_first_name": (voucher.holder_name or "").split(" ")[0],
        "valid_at": list(voucher.deal.locations.all()),
        "standing": redeem.standing_redemption(voucher) if voucher.status == "redeemed" else None,
        "terms": checked.terms,
        "booking": checked.booking or booking_standing(voucher=voucher),
    }


@member_required(Can.REDEEM)
def counter(request, membership):
    stores = redeem_locations(membership)
    store = _store(request, membership, stores) if stores else None
    context = {**portal_context(membership), "stores": stores, "store": store,
               "today_bookings": store_today_bookings(location=store) if store else []}
    if request.method == "POST" and store is not None:
        form = CodeForm(request.POST)
        if form.is_valid():
            outcome = redeem.voucher_verify(counter=_counter(request, membership, store),
                                            code=form.cleaned_data["code"])
            context["outcome"] = outcome
            if outcome.ok:
                checked = outcome.checked[0]
                context["card"] = _card(checked, store)
                context["siblings"] = [
                    _card(redeem.check_voucher(v, location=store), store)
                    for v in redeem.order_siblings(checked.voucher)]
                context["code"] = form.cleaned_data["code"]
    return render(request, "merchant_portal/counter.html", context)


@member_required(Can.REDEEM)
@require_POST
def counter_confirm(request, membership):
    store = _store(request, membership, redeem_locations(membership))
    if store is None:
        raise PermissionDenied(_("Choose a store first."))
    counter = _counter(request, membership, store)
    form = ConfirmForm(request.POST, sibling_ids=request.POST.getlist("siblings"))
    if not form.is_valid():
        return redirect("merchant_portal:counter", slug=membership.merchant.slug)
    code = form.cleaned_data["code"]
    codes_typed = [code] + redeem.sibling_codes(counter=counter, code=code,
                                                voucher_ids=form.cleaned_data["siblings"])
    outcome = redeem.vouchers_redeem_together(counter=counter, codes_typed=codes_typed)
    return render(request, "merchant_portal/counter_result.html", {
        **portal_context(membership), "store": store, "outcome": outcome,
        "undo_form": UndoForm(),
    }, status=200 if outcome.ok else 409)


@member_required(Can.UNDO)
@require_POST
def redemption_undo(request, membership, pk):
    found = Redemption.objects.filter(pk=pk, merchant=membership.merchant).select_related(
        "location").first()
    if found is None:
        raise Http404
    form = UndoForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        redeem.voucher_unredeem(
            redemption_id=pk, reason=reason,
            counter=_counter(request, membership, found.location))
        messages.success(request, _("Redemption undone: the voucher can be used again."))
    except redeem.UndoRefused as refused:
        messages.error(request, refused.refusal.message)
    dashboard = reverse("merchant_portal:dashboard", args=[membership.merchant.slug])
    back = request.POST.get("next", "")
    return redirect(back if back.startswith(dashboard) else dashboard)  # never an open redirect

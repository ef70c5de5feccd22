"""Account pages of our own: the profile's names, and linking earlier guest purchases by a link."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from oscar.apps.customer.views import ProfileUpdateView as OscarProfileUpdateView

from . import services
from .forms import NamesForm
from .selectors import addresses_to_claim


class ProfileUpdateView(LoginRequiredMixin, OscarProfileUpdateView):
    """Oscar's profile edit, names only: its form would change the e-mail unverified."""

    form_class = NamesForm


@login_required
@require_POST
def claim_request(request):
    """Send the link that links the guest purchases of a verified address to this account."""
    wanted = request.POST.get("email", "")
    offered = addresses_to_claim(user=request.user)
    if wanted.strip().lower() not in offered:
        messages.error(request, _("There are no earlier purchases to link for this address."))
        return redirect("customer:profile-view")
    try:
        services.claim_link_send(user=request.user, email=wanted)
    except services.ClaimRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _(
            "We sent a link to %(email)s. Open it in this browser, signed in to this account, "
            "to link your earlier purchases.") % {"email": wanted.strip().lower()})
    return redirect("customer:profile-view")


@login_required
def claim_confirm(request, token: str):
    """GET: what linking does; POST: link (a link prefetched by a mail scanner changes nothing)."""
    try:
        email = services.claim_link_read(user=request.user, token=token)
    except services.ClaimRefused as refused:
        return render(request, "accounts/claim_confirm.html", {"refusal": refused.message},
                      status=404)
    if request.method == "POST":
        outcome = services.claim_link_use(user=request.user, token=token)
        messages.success(request, ngettext(
            "%(n)s earlier order is now linked to your account.",
            "%(n)s earlier orders are now linked to your account.", outcome.orders)
            % {"n": outcome.orders})
        return redirect("vouchers:list")
    return render(request, "accounts/claim_confirm.html", {"email": email})

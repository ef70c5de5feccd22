"""Checkout forms: the gateway (a guest's address), and the place-order form (the PaymentMethod
from Stripe.js, the total the buyer saw, a gift)."""
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from oscar.apps.checkout.forms import *  # noqa: F401,F403  Oscar's checkout forms stay available
from oscar.apps.checkout.forms import GatewayForm as OscarGatewayForm
from oscar.apps.customer.utils import normalise_email

from marketplace.core.limits import EMAIL_MAX_LENGTH
from marketplace.payments.services import payment_method_id_validate
from vouchers.bookings import slot_key_parse
from vouchers.delivery import GiftSpec, gift_check


class GatewayForm(forms.Form):
    """Checkout's first step only takes a guest's address: signing in and signing up happen in
    allauth's pages (Oscar's form signs an unverified account in, outside allauth's limits).
    Oscar's IndexView calls the methods below."""

    GUEST = OscarGatewayForm.GUEST
    username = forms.EmailField(label=_("My e-mail address is"), max_length=EMAIL_MAX_LENGTH)
    options = forms.ChoiceField(widget=forms.HiddenInput, initial=GUEST,
                                choices=[(GUEST, _("Continue as a guest"))])

    def clean_username(self):
        return normalise_email(self.cleaned_data["username"])

    def is_guest_checkout(self) -> bool:
        return self.cleaned_data.get("options") == self.GUEST

    def is_new_account_checkout(self) -> bool:
        return False


class PlaceOrderForm(forms.Form):
    payment_method_id = forms.CharField(max_length=255, validators=[payment_method_id_validate])
    expected_total = forms.DecimalField(
        label=_("Total"), max_digits=12, decimal_places=2, min_value=0,
        error_messages={"invalid": _("The total sent is not a number: reload the page."),
                        "max_digits": _("The total sent is too large: reload the page."),
                        "max_whole_digits": _("The total sent is too large: reload the page.")})
    is_gift = forms.BooleanField(required=False)
    recipient_name = forms.CharField(label=_("Recipient's name"), max_length=200, required=False)
    recipient_email = forms.EmailField(label=_("Recipient's e-mail"), max_length=EMAIL_MAX_LENGTH,
                                       required=False)
    gift_message = forms.CharField(label=_("Message"), max_length=1000, required=False,
                                   widget=forms.Textarea)
    deliver_on = forms.DateField(label=_("Deliver on"), required=False)

    def clean(self):
        data = super().clean()
        self._slots_read()
        gift = self.gift()
        if gift is not None:
            try:
                gift_check(gift)
            except ValidationError as invalid:
                self.add_error(None, invalid)
        return data

    def slots(self) -> dict:
        """The slots chosen for bookable options: option product id -> (store id, start), from
        the fields ``slot-<product id>`` (empty: booked later from My vouchers)."""
        return self._slots

    def _slots_read(self) -> None:
        self._slots = {}
        for name, value in self.data.items():
            product_id = name.removeprefix("slot-")
            if name == product_id or not value:
                continue
            chosen = slot_key_parse(value)
            if not product_id.isdigit() or chosen is None:
                self.add_error(None, _("Choose a slot from the list."))
                return
            self._slots[int(product_id)] = chosen

    def gift(self) -> GiftSpec | None:
        data = self.cleaned_data
        if not data.get("is_gift"):
            return None
        return GiftSpec(recipient_name=data.get("recipient_name") or "",
                        recipient_email=data.get("recipient_email") or "",
                        message=data.get("gift_message") or "", deliver_on=data.get("deliver_on"))

    def first_error(self) -> str:
        for field, errors in self.errors.items():
            label = self.fields[field].label if field in self.fields else ""
            return f"{label}: {errors[0]}" if label else errors[0]
        return ""

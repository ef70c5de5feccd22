"""The place-order form: the PaymentMethod from Stripe.js, the total the buyer saw, a gift."""
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from oscar.apps.checkout.forms import *  # noqa: F401,F403  Oscar's checkout forms stay available

from marketplace.payments.services import payment_method_id_validate
from vouchers.bookings import slot_key_parse
from vouchers.delivery import GiftSpec, gift_check


class PlaceOrderForm(forms.Form):
    payment_method_id = forms.CharField(max_length=255, validators=[payment_method_id_validate])
    expected_total = forms.DecimalField(max_digits=12, decimal_places=2, min_value=0)
    is_gift = forms.BooleanField(required=False)
    recipient_name = forms.CharField(max_length=200, required=False)
    recipient_email = forms.EmailField(required=False)
    gift_message = forms.CharField(max_length=1000, required=False, widget=forms.Textarea)
    deliver_on = forms.DateField(required=False)

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

"""The place-order form: the PaymentMethod from Stripe.js, the total the buyer saw, a gift."""
from django import forms
from django.core.exceptions import ValidationError
from oscar.apps.checkout.forms import *  # noqa: F401,F403  Oscar's checkout forms stay available

from marketplace.payments.services import payment_method_id_validate
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
        gift = self.gift()
        if gift is not None:
            try:
                gift_check(gift)
            except ValidationError as invalid:
                self.add_error(None, invalid)
        return data

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

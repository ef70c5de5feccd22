"""The place-order form: the PaymentMethod from Stripe.js, the total the buyer saw, a gift."""
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from oscar.apps.checkout.forms import *  # noqa: F401,F403  Oscar's checkout forms stay available

from marketplace.payments.services import payment_method_id_validate

from .services import GiftSpec


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
        if not data.get("is_gift"):
            return data
        if not data.get("recipient_name"):
            self.add_error("recipient_name", _("Whom is the gift for?"))
        if not data.get("recipient_email"):
            self.add_error("recipient_email", _("The recipient's e-mail address is needed."))
        day = data.get("deliver_on")
        if day and day < timezone.now().date():
            self.add_error("deliver_on", _("Choose today or a later day."))
        return data

    def gift(self) -> GiftSpec | None:
        data = self.cleaned_data
        if not data.get("is_gift"):
            return None
        return GiftSpec(recipient_name=data["recipient_name"],
                        recipient_email=data["recipient_email"],
                        message=data.get("gift_message", ""), deliver_on=data.get("deliver_on"))

    def first_error(self) -> str:
        for field, errors in self.errors.items():
            label = self.fields[field].label if field in self.fields else ""
            return f"{label}: {errors[0]}" if label else errors[0]
        return ""

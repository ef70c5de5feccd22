"""Forms of the merchant portal: they check the shape of input; the services decide (the deal
forms show the deal rules' own messages, from deals/services.py)."""
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model

from marketplace.deals.models import Deal
from marketplace.deals.photos import DealPhoto, deal_photos_check
from marketplace.deals.services import DEAL_TERMS, OptionSpec, deal_option_check, deal_terms_check
from merchants.forms import StorePlaceForm
from merchants.models import Location, Membership, Merchant

Category = get_model("catalogue", "Category")

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class MultipleImageInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleImageField(forms.ImageField):
    """Several images in one input (Django's documented way): each checked as ImageField does."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleImageInput(attrs={"accept": "image/jpeg,image/png,image/webp"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else [data]
        return [super(MultipleImageField, self).clean(f, initial) for f in files if f]


class CodeForm(forms.Form):
    code = forms.CharField(max_length=64, label=_("Voucher code"))
    store = forms.IntegerField(widget=forms.HiddenInput)


class ConfirmForm(forms.Form):
    code = forms.CharField(max_length=64, widget=forms.HiddenInput)
    store = forms.IntegerField(widget=forms.HiddenInput)
    siblings = forms.TypedMultipleChoiceField(coerce=int, required=False, choices=())

    def __init__(self, *args, sibling_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["siblings"].choices = [(i, i) for i in sibling_ids]


class UndoForm(forms.Form):
    reason = forms.CharField(max_length=500, label=_("Reason"),
                             widget=forms.TextInput(attrs={"placeholder": _("Why undo?")}))


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail"))
    role = forms.ChoiceField(choices=Membership.Role.choices, initial=Membership.Role.CASHIER)
    locations = forms.ModelMultipleChoiceField(
        queryset=Location.objects.none(), required=False, label=_("Stores (cashiers)"),
        widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, merchant, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["locations"].queryset = merchant.locations.all()


class StoreForm(StorePlaceForm):
    name = forms.CharField(max_length=200, label=_("Store name"),
                           help_text=_("As buyers know it, e.g. “Café Lusitano Chiado”."))
    address = forms.CharField(max_length=255, label=_("Street and number"))
    postcode = forms.CharField(max_length=20, required=False, label=_("Postcode"))
    city = forms.CharField(max_length=100, label=_("City"))
    phone = forms.CharField(max_length=40, required=False, label=_("Phone"))
    opening_hours = forms.CharField(
        required=False, label=_("Opening hours"), widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One line per day range, e.g. “Mon-Fri 12:00-22:00”."))

    FIELDS = ("name", "address", "postcode", "city", "phone", "opening_hours", "latitude",
              "longitude")

    def location_fields(self) -> dict:
        return {f: self.cleaned_data[f] for f in self.FIELDS}


class ApiTokenForm(forms.Form):
    location = forms.ModelChoiceField(queryset=Location.objects.none(), label=_("Store"))
    name = forms.CharField(max_length=100, initial="Till", label=_("Name"))

    def __init__(self, *args, merchant, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["location"].queryset = merchant.locations.all()


# --- deals ---------------------------------------------------------------------------------

def rule_errors_add(form: forms.Form, check, values: dict) -> None:
    """Show the deal rules' messages (deals/services.py) next to their fields; a field whose input
    could not even be read keeps only that message."""
    try:
        check(**values)
    except ValidationError as error:
        for field, errors in error.error_dict.items():
            if field not in form.errors:
                form.add_error(field, errors)


class DealForm(forms.Form):
    title = forms.CharField(max_length=255)
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), required=False)
    highlights = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False,
                                 help_text=_("One highlight per line."))
    fine_print = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), required=False)
    sale_starts_at = forms.DateTimeField(widget=DATETIME)
    sale_ends_at = forms.DateTimeField(widget=DATETIME)
    validity_kind = forms.ChoiceField(choices=Deal.Validity.choices,
                                      initial=Deal.Validity.AFTER_PURCHASE)
    valid_days = forms.IntegerField(min_value=1, required=False, initial=90,
                                    help_text=_("Days a voucher stays valid after purchase."))
    valid_from = forms.DateTimeField(widget=DATETIME, required=False)
    valid_until = forms.DateTimeField(widget=DATETIME, required=False)
    min_buyers = forms.IntegerField(min_value=1, required=False)
    max_units = forms.IntegerField(min_value=1, required=False,
                                   help_text=_("Cap on units of all options together."))
    per_customer_limit = forms.IntegerField(min_value=1, required=False)
    refundable = forms.BooleanField(required=False, initial=True)
    expiry_policy = forms.ChoiceField(choices=Deal.ExpiryPolicy.choices,
                                      initial=Deal.ExpiryPolicy.PAID_VALUE)
    locations = forms.ModelMultipleChoiceField(queryset=None, widget=forms.CheckboxSelectMultiple,
                                               label=_("Stores"))
    categories = forms.ModelMultipleChoiceField(
        queryset=Category.objects.filter(is_public=True), widget=forms.CheckboxSelectMultiple,
        required=False)
    photos = MultipleImageField(
        required=False, label=_("Add photos"),
        help_text=_("JPEG, PNG or WebP, at least 600×375 pixels, at most 5 MB each; up to 8 per "
                    "deal. The first photo is the one buyers see in lists."))
    photos_alt = forms.CharField(
        required=False, max_length=200, label=_("What the photos show"),
        help_text=_("A few words read aloud to people who cannot see them, e.g. “Dinner for two "
                    "on the terrace”."))

    DEAL_FIELDS = ("title", "description", "highlights", "fine_print", "sale_starts_at",
                   "sale_ends_at", "validity_kind", "valid_days", "valid_from", "valid_until",
                   "min_buyers", "max_units", "per_customer_limit", "refundable", "expiry_policy")

    def __init__(self, *args, merchant: Merchant, photos_existing: int = 0, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["locations"].queryset = merchant.locations.all()
        self.photos_existing = photos_existing

    def clean(self):
        data = super().clean()
        rule_errors_add(self, deal_terms_check, {f: data.get(f) for f in DEAL_TERMS})
        try:
            deal_photos_check(files=data.get("photos") or [], alt=data.get("photos_alt") or "",
                              existing=self.photos_existing)
        except ValidationError as error:
            self.add_error("photos", error)
        return data

    def new_photos(self) -> list[DealPhoto]:
        alt = self.cleaned_data.get("photos_alt", "").strip()
        return [DealPhoto(file=f, alt=alt) for f in self.cleaned_data.get("photos") or []]

    def deal_fields(self) -> dict:
        return {f: self.cleaned_data.get(f) for f in self.DEAL_FIELDS}


class OptionForm(forms.Form):
    option_id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    title = forms.CharField(max_length=255, label=_("Option"))
    price = forms.DecimalField(max_digits=12, decimal_places=2, min_value=Decimal("0.01"))
    value = forms.DecimalField(max_digits=12, decimal_places=2, min_value=Decimal("0.01"),
                               help_text=_("What it is worth at your normal price."))
    units = forms.IntegerField(min_value=1, label=_("Units for sale"))

    def clean(self):
        data = super().clean()
        rule_errors_add(self, deal_option_check,
                        {f: data.get(f) for f in ("title", "price", "value", "units")})
        return data


OptionFormSet = formset_factory(OptionForm, extra=1, min_num=1, validate_min=True)


def options_from(formset) -> tuple[dict, list[OptionSpec]]:
    """What the option forms say: changes to the deal's options (by id), and new options."""
    rows = [f.cleaned_data for f in formset if f.cleaned_data and not f.cleaned_data.get("DELETE")]
    changes = {r["option_id"]: {k: r[k] for k in ("title", "price", "value", "units")}
               for r in rows if r.get("option_id")}
    new = [OptionSpec(r["title"], r["price"], r["value"], r["units"])
           for r in rows if not r.get("option_id")]
    return changes, new

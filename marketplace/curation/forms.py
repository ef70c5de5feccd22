"""Forms of curation pages: they check the shape of input; the services check the rules."""
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model

from marketplace.deals.models import Deal
from marketplace.deals.services import DEAL_TERMS, deal_option_check, deal_terms_check
from merchants.models import Merchant

from .deal_decisions import Decision

Category = get_model("catalogue", "Category")

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CategoryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.full_name


# --- categories ----------------------------------------------------------------------------

class CategoryForm(forms.Form):
    name = forms.CharField(max_length=255)
    slug = forms.SlugField(max_length=255, required=False,
                           help_text=_("Leave empty to make one from the name."))
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    image = forms.ImageField(required=False)
    is_public = forms.BooleanField(required=False, initial=True, label=_("Visible to buyers"))


class CategoryCreateForm(CategoryForm):
    parent = CategoryChoiceField(queryset=Category.objects.all(), required=False,
                                 empty_label=_("(top level)"))


class CategoryMoveForm(forms.Form):
    parent = CategoryChoiceField(queryset=Category.objects.all(), required=False,
                                 empty_label=_("(top level)"))
    position = forms.IntegerField(min_value=1, required=False,
                                  help_text=_("1 = first among its siblings; empty = last."))


class CategoryMergeForm(forms.Form):
    target = CategoryChoiceField(queryset=Category.objects.all(), label=_("Merge into"))

    def __init__(self, *args, source=None, **kwargs):
        super().__init__(*args, **kwargs)
        if source is not None:
            self.fields["target"].queryset = Category.objects.exclude(pk=source.pk)


# --- onboarding ----------------------------------------------------------------------------

class MerchantApplicationForm(forms.Form):
    business_name = forms.CharField(max_length=200)
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False,
                                  label=_("What you offer"))
    website = forms.URLField(required=False)
    contact_name = forms.CharField(max_length=200, label=_("Your name"))
    contact_email = forms.EmailField(label=_("Your e-mail"))
    contact_phone = forms.CharField(max_length=40, required=False, label=_("Your phone"))


class ApplicationStoreForm(forms.Form):
    name = forms.CharField(max_length=200, label=_("Store name"))
    address = forms.CharField(max_length=255)
    postcode = forms.CharField(max_length=20, required=False)
    city = forms.CharField(max_length=100)
    latitude = forms.DecimalField(max_digits=9, decimal_places=6, min_value=-90, max_value=90)
    longitude = forms.DecimalField(max_digits=9, decimal_places=6, min_value=-180, max_value=180)
    phone = forms.CharField(max_length=40, required=False)


ApplicationStoreFormSet = formset_factory(ApplicationStoreForm, extra=2, min_num=1,
                                          validate_min=True)


class RejectForm(forms.Form):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("The applicant receives this by e-mail."))


# --- deals (merchant side) -----------------------------------------------------------------

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
    image = forms.ImageField(required=False, label=_("Add an image"))

    DEAL_FIELDS = ("title", "description", "highlights", "fine_print", "sale_starts_at",
                   "sale_ends_at", "validity_kind", "valid_days", "valid_from", "valid_until",
                   "min_buyers", "max_units", "per_customer_limit", "refundable", "expiry_policy")

    def __init__(self, *args, merchant: Merchant, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["locations"].queryset = merchant.locations.all()

    def clean(self):
        data = super().clean()
        rule_errors_add(self, deal_terms_check, {f: data.get(f) for f in DEAL_TERMS})
        return data

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


# --- review and curation (staff side) ------------------------------------------------------

class ReviewForm(forms.Form):
    decision = forms.ChoiceField(choices=Decision.choices)
    comment = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False,
                              help_text=_("The merchant sees this. Required to reject or ask for changes."))


class FeaturedSlotForm(forms.Form):
    deal = forms.ModelChoiceField(queryset=Deal.objects.filter(
        review_status=Deal.Review.APPROVED).select_related("product"))
    city = forms.CharField(max_length=100)
    category = CategoryChoiceField(queryset=Category.objects.all(), required=False,
                                   empty_label=_("(home page)"))
    position = forms.IntegerField(min_value=1, initial=1)
    starts_on = forms.DateField(widget=DATE)
    ends_on = forms.DateField(widget=DATE)


class PreviewForm(forms.Form):
    city = forms.CharField(max_length=100)
    category = CategoryChoiceField(queryset=Category.objects.all(), required=False,
                                   empty_label=_("(home page)"))
    on = forms.DateField(widget=DATE, label=_("As on"))


class CommissionForm(forms.Form):
    merchant = forms.ModelChoiceField(queryset=Merchant.objects.all(), required=False)
    category = CategoryChoiceField(queryset=Category.objects.all(), required=False)
    percent = forms.DecimalField(max_digits=5, decimal_places=2, min_value=0, max_value=100,
                                 required=False, help_text=_("Empty removes the rate."))

    def clean(self):
        data = super().clean()
        if bool(data.get("merchant")) == bool(data.get("category")):
            raise ValidationError(_("Choose either a merchant or a category."))
        return data


class VoucherActionForm(forms.Form):
    VOID, REFUND = "void", "refund"
    action = forms.ChoiceField(choices=[(VOID, _("Void")), (REFUND, _("Refund"))])
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}))

"""Forms of curation pages: they check the shape of input; the services check the rules."""
from django import forms
from django.core.exceptions import ValidationError
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model

from marketplace.core.limits import EMAIL_MAX_LENGTH, URL_MAX_LENGTH, upload_size_validate
from marketplace.deals.models import Deal
from marketplace.ledger.models import PaymentTerms
from merchants.forms import StorePlaceForm
from merchants.models import Merchant

from .deal_decisions import Decision

Category = get_model("catalogue", "Category")

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
    image = forms.ImageField(required=False, validators=[upload_size_validate])
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
    website = forms.URLField(required=False, max_length=URL_MAX_LENGTH)
    contact_name = forms.CharField(max_length=200, label=_("Your name"))
    contact_email = forms.EmailField(label=_("Your e-mail"), max_length=EMAIL_MAX_LENGTH)
    contact_phone = forms.CharField(max_length=40, required=False, label=_("Your phone"))


class ApplicationStoreForm(StorePlaceForm):
    name = forms.CharField(max_length=200, label=_("Store name"))
    address = forms.CharField(max_length=255, label=_("Street and number"))
    postcode = forms.CharField(max_length=20, required=False, label=_("Postcode"))
    city = forms.CharField(max_length=100, label=_("City"))
    phone = forms.CharField(max_length=40, required=False, label=_("Phone"))


# One store to start with; the page's script adds more (the portal adds stores later too).
ApplicationStoreFormSet = formset_factory(ApplicationStoreForm, extra=0, min_num=1,
                                          validate_min=True)


class RejectForm(forms.Form):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("The applicant receives this by e-mail."))


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


class HoldForm(forms.Form):
    """Hold a merchant's payouts (with the reason they are shown), or lift the hold."""

    HOLD, LIFT = "hold", "lift"
    action = forms.ChoiceField(choices=[(HOLD, _("Hold payouts")), (LIFT, _("Lift the hold"))],
                               widget=forms.HiddenInput)
    reason = forms.CharField(required=False, max_length=500)


class TermsForm(forms.Form):
    pay_on = forms.ChoiceField(label=_("Paid"), choices=PaymentTerms.PayOn.choices)
    schedule = forms.ChoiceField(label=_("Schedule"), choices=PaymentTerms.Schedule.choices)
    reserve_percent = forms.DecimalField(label=_("Reserve (%)"), max_digits=5, decimal_places=2,
                                         min_value=0, max_value=100)
    reserve_days = forms.IntegerField(label=_("Reserve held for (days)"), min_value=0,
                                      max_value=365)


class PeriodForm(forms.Form):
    start = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To (included)"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise ValidationError(_("The first day comes before the last day."))
        return data

"""Forms of curation pages: they check the shape of input; the services check the rules."""
from django import forms
from django.core.exceptions import ValidationError
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model

from marketplace.deals.models import Deal
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

"""Forms of the merchant portal: they check the shape of input; the services decide (the deal
forms show the deal rules' own messages, from deals/services.py)."""
from decimal import Decimal

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model

from marketplace.deals.models import Deal
from marketplace.deals.services import (
    DEAL_TERMS, DEAL_TEXTS, OptionSpec, deal_option_check, deal_terms_check, deal_texts_check,
    text_key,
)
from merchants.models import Location, Membership, Merchant
from merchants.services import STORE_DETAILS, location_texts_check

Category = get_model("catalogue", "Category")

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def other_languages(own_language: str) -> list[tuple[str, str]]:
    """(code, name) of the languages other than ``own_language``, in the order of LANGUAGES."""
    return [(code, name) for code, name in settings.LANGUAGES if code != own_language]


def in_language(label, name: str) -> str:
    return _("%(field)s (%(language)s)") % {"field": label, "language": name}


class TextsInLanguages:
    """A form's texts in the object's own language (plain names: ``title``) and, optional, in
    each other language (``title:zh-hans``), grouped by language for the template."""

    TEXT_FIELDS: tuple = ()

    def add_other_languages(self, own_language: str) -> None:
        self.own_language = own_language
        for code, name in other_languages(own_language):
            for field in self.TEXT_FIELDS:
                original = self.fields[field]
                # The same input, marked with its language (spelling, fonts, input methods).
                widget = original.widget.__class__(attrs={**original.widget.attrs, "lang": code})
                self.fields[text_key(field, code)] = forms.CharField(
                    max_length=original.max_length, required=False, widget=widget,
                    label=in_language(original.label, name), help_text=original.help_text)

    def own_language_fields(self) -> list:
        return [self[f] for f in self.TEXT_FIELDS]

    def other_fields(self) -> list:
        """The bound fields that are not texts (nor the choice of the own language)."""
        texts = {*self.TEXT_FIELDS, "original_language",
                 *(text_key(f, code) for code, _name in settings.LANGUAGES for f in self.TEXT_FIELDS)}
        return [bound for bound in self if bound.name not in texts]

    def language_groups(self) -> list[tuple[str, str, list]]:
        """(code, name, bound fields) of each other language."""
        return [(code, name, [self[text_key(f, code)] for f in self.TEXT_FIELDS])
                for code, name in other_languages(self.own_language)]

    def texts_by_language(self) -> dict[str, dict[str, str]]:
        data = self.cleaned_data
        texts = {self.own_language: {f: data.get(f) or "" for f in self.TEXT_FIELDS}}
        for code, _name in other_languages(self.own_language):
            texts[code] = {f: data.get(text_key(f, code)) or "" for f in self.TEXT_FIELDS}
        return texts


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


class ApiTokenForm(forms.Form):
    location = forms.ModelChoiceField(queryset=Location.objects.none(), label=_("Store"))
    name = forms.CharField(max_length=100, initial="Till", label=_("Name"))

    def __init__(self, *args, merchant, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["location"].queryset = merchant.locations.all()


class StoreForm(TextsInLanguages, forms.Form):
    """A store's name and directions in its own language and others, and its address."""

    name = forms.CharField(max_length=200, label=_("Store name"))
    directions = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), required=False, label=_("Directions"),
        help_text=_("How to find the store: floor, entrance, landmarks."))
    address = forms.CharField(max_length=255, label=_("Address"))
    postcode = forms.CharField(max_length=20, required=False, label=_("Postcode"))
    city = forms.CharField(max_length=100, label=_("City"))
    phone = forms.CharField(max_length=40, required=False, label=_("Phone"))
    opening_hours = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, label=_("Opening hours"),
        help_text=_("One line per day range, e.g. 'Mon-Fri 12:00-22:00'."))

    TEXT_FIELDS = ("name", "directions")

    def __init__(self, *args, own_language: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_other_languages(own_language)

    def clean(self):
        data = super().clean()
        if "name" in data:
            rule_errors_add(self, location_texts_check, {"texts": self.texts_by_language(),
                                                         "own_language": self.own_language})
        return data

    def details(self) -> dict:
        return {f: self.cleaned_data.get(f) or "" for f in STORE_DETAILS}


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


class DealForm(TextsInLanguages, forms.Form):
    original_language = forms.ChoiceField(
        choices=settings.LANGUAGES, required=False, label=_("The deal's own language"),
        help_text=_("The language you write the deal in. Buyers who read another language you "
                    "leave empty see the deal in this one."))
    title = forms.CharField(max_length=255, label=_("Title"))
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), required=False,
                                  label=_("Description"))
    highlights = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False,
                                 help_text=_("One highlight per line."), label=_("Highlights"))
    fine_print = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), required=False,
                                 label=_("Fine print"))
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

    TEXT_FIELDS = DEAL_TEXTS
    DEAL_FIELDS = ("title", "description", "highlights", "fine_print", "sale_starts_at",
                   "sale_ends_at", "validity_kind", "valid_days", "valid_from", "valid_until",
                   "min_buyers", "max_units", "per_customer_limit", "refundable", "expiry_policy")

    def __init__(self, *args, merchant: Merchant, own_language: str, editing: bool = False,
                 **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["locations"].queryset = merchant.locations.all()
        self.fields["original_language"].initial = own_language
        # A deal keeps the language it was written in: its texts in others are translations.
        self.fields["original_language"].disabled = editing
        self.add_other_languages(own_language)

    def clean(self):
        data = super().clean()
        rule_errors_add(self, deal_terms_check, {f: data.get(f) for f in DEAL_TERMS})
        if "title" in data:
            rule_errors_add(self, deal_texts_check, {"texts": self.texts_by_language(),
                                                     "own_language": self.own_language})
        return data

    def new_deal_fields(self) -> dict:
        """What deal_create takes: the deal's fields with its texts in its own language, the
        language, and the texts in other languages."""
        fields = {f: self.cleaned_data.get(f) for f in self.DEAL_FIELDS}
        texts = self.texts_by_language()
        return {**fields, "original_language": self.own_language,
                "translations": {code: t for code, t in texts.items() if code != self.own_language}}

    def deal_fields(self) -> dict:
        """The deal's fields, its texts in its own language (``title``) and in each other one
        (``title:zh-hans``), as the deal services name them."""
        fields = {f: self.cleaned_data.get(f) for f in self.DEAL_FIELDS}
        for code, _name in other_languages(self.own_language):
            for field in self.TEXT_FIELDS:
                fields[text_key(field, code)] = self.cleaned_data.get(text_key(field, code)) or ""
        return fields


class OptionForm(TextsInLanguages, forms.Form):
    option_id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    title = forms.CharField(max_length=255, label=_("Option"))
    price = forms.DecimalField(max_digits=12, decimal_places=2, min_value=Decimal("0.01"),
                               label=_("Price"))
    value = forms.DecimalField(max_digits=12, decimal_places=2, min_value=Decimal("0.01"),
                               help_text=_("What it is worth at your normal price."),
                               label=_("Value"))
    units = forms.IntegerField(min_value=1, label=_("Units for sale"))

    TEXT_FIELDS = ("title",)

    def __init__(self, *args, own_language: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_other_languages(own_language)

    def clean(self):
        data = super().clean()
        rule_errors_add(self, deal_option_check,
                        {f: data.get(f) for f in ("title", "price", "value", "units")})
        return data


OptionFormSet = formset_factory(OptionForm, extra=1, min_num=1, validate_min=True)


def options_from(formset) -> tuple[dict, list[OptionSpec]]:
    """What the option forms say: changes to the deal's options (by id; titles in other languages
    as ``title:zh-hans``), and new options."""
    rows = [(f, f.cleaned_data) for f in formset
            if f.cleaned_data and not f.cleaned_data.get("DELETE")]
    changes, new = {}, []
    for form, r in rows:
        titles = {code: fields["title"] for code, fields in form.texts_by_language().items()
                  if code != form.own_language}
        if r.get("option_id"):
            changes[r["option_id"]] = {
                **{k: r[k] for k in ("title", "price", "value", "units")},
                **{text_key("title", code): title for code, title in titles.items()}}
        else:
            new.append(OptionSpec(r["title"], r["price"], r["value"], r["units"],
                                  titles={code: t for code, t in titles.items() if t}))
    return changes, new

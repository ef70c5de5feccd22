"""Forms of the merchant portal: they check the shape of input; the services decide (the deal
forms show the deal rules' own messages, from deals/services.py)."""
from decimal import Decimal

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model

from marketplace.bookings.services import schedule_exception_check, store_schedule_check
from marketplace.core import weekly
from marketplace.deals import terms
from marketplace.core.limits import EMAIL_MAX_LENGTH
from marketplace.deals.models import Deal
from marketplace.deals.services import (
    DEAL_KIND_TERMS, DEAL_TERMS, DEAL_TEXTS, OptionSpec, deal_kind_check, deal_option_check,
    deal_terms_check, deal_texts_check, text_key,
)
from marketplace.deals.photos import DealPhoto, deal_photos_check
from merchants.forms import StorePlaceForm
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
    email = forms.EmailField(label=_("E-mail"), max_length=EMAIL_MAX_LENGTH)
    role = forms.ChoiceField(choices=Membership.Role.choices, initial=Membership.Role.CASHIER)
    locations = forms.ModelMultipleChoiceField(
        queryset=Location.objects.none(), required=False, label=_("Stores (cashiers)"),
        widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, merchant, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["locations"].queryset = merchant.locations.all()


class NewStoreForm(StorePlaceForm):
    """A store the merchant adds, placed on the map (the pin, or the address geocoded)."""

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


class _TermsTextField(forms.CharField):
    """Terms typed as text, held as deals/terms.py stores them (``read`` / ``write``)."""

    read = staticmethod(lambda text: text)
    write = staticmethod(lambda value: value)

    def prepare_value(self, value):
        return self.write(value) if isinstance(value, list) else value

    def to_python(self, value):
        return self.read(super().to_python(value))

    def has_changed(self, initial, data):
        try:
            return self.to_python(data) != (initial or [])
        except ValidationError:
            return True


class WindowsField(_TermsTextField):
    """Usage windows typed as "Mon-Thu 14:00-17:00", one per line."""

    widget = forms.Textarea(attrs={"rows": 2, "placeholder": "Mon-Thu 14:00-17:00"})
    read = staticmethod(terms.windows_parse)
    write = staticmethod(terms.windows_input)


class DatesField(_TermsTextField):
    """Excluded dates typed as "2025-12-25, 2026-01-01"."""

    read = staticmethod(terms.dates_parse)
    write = staticmethod(", ".join)


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
    usage_windows = WindowsField(
        required=False, label=_("Usable only at these times"),
        help_text=_("Off-peak deals: one line per window, e.g. “Mon-Thu 14:00-17:00”, in the "
                    "store's time. Empty: whenever the store is open."))
    excluded_dates = DatesField(required=False, label=_("Not usable on these dates"),
                                help_text=_("Holidays, e.g. “2025-12-25, 2026-01-01”."))
    bookable = forms.BooleanField(required=False, label=_("Buyers book a slot"),
                                  help_text=_("Set the slots of your stores under Stores."))
    booking_cutoff_hours = forms.IntegerField(
        min_value=0, initial=24, required=False,
        label=_("Move or cancel a booking until (hours before)"))
    booking_tolerance_minutes = forms.IntegerField(
        min_value=0, initial=15, required=False,
        label=_("Arrival tolerance (minutes early or late)"))
    no_show_policy = forms.ChoiceField(choices=Deal.NoShowPolicy.choices, required=False,
                                       initial=Deal.NoShowPolicy.STAYS_VALID,
                                       label=_("When a buyer does not come"))
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

    TEXT_FIELDS = DEAL_TEXTS
    DEAL_FIELDS = ("title", "description", "highlights", "fine_print", "sale_starts_at",
                   "sale_ends_at", "validity_kind", "valid_days", "valid_from", "valid_until",
                   "min_buyers", "max_units", "per_customer_limit", "refundable", "expiry_policy",
                   *DEAL_KIND_TERMS)

    def __init__(self, *args, merchant: Merchant, own_language: str, editing: bool = False,
                 photos_existing: int = 0, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["locations"].queryset = merchant.locations.all()
        self.fields["original_language"].initial = own_language
        # A deal keeps the language it was written in: its texts in others are translations.
        self.fields["original_language"].disabled = editing
        self.add_other_languages(own_language)
        self.photos_existing = photos_existing

    def clean(self):
        data = super().clean()
        for name in ("booking_cutoff_hours", "booking_tolerance_minutes", "no_show_policy"):
            if data.get(name) in (None, "") and name not in self.errors:
                data[name] = Deal._meta.get_field(name).default  # left out: the usual policy
        rule_errors_add(self, deal_terms_check, {f: data.get(f) for f in DEAL_TERMS})
        if "title" in data:
            rule_errors_add(self, deal_texts_check, {"texts": self.texts_by_language(),
                                                     "own_language": self.own_language})
        rule_errors_add(self, deal_kind_check, {f: data.get(f) for f in DEAL_KIND_TERMS})
        try:
            deal_photos_check(files=data.get("photos") or [], alt=data.get("photos_alt") or "",
                              existing=self.photos_existing)
        except ValidationError as error:
            self.add_error("photos", error)
        return data

    def new_deal_fields(self) -> dict:
        """What deal_create takes: the deal's fields with its texts in its own language, the
        language, and the texts in other languages."""
        fields = {f: self.cleaned_data.get(f) for f in self.DEAL_FIELDS}
        texts = self.texts_by_language()
        return {**fields, "original_language": self.own_language,
                "translations": {code: t for code, t in texts.items() if code != self.own_language}}

    def new_photos(self) -> list[DealPhoto]:
        alt = self.cleaned_data.get("photos_alt", "").strip()
        return [DealPhoto(file=f, alt=alt) for f in self.cleaned_data.get("photos") or []]

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
    # No initial value: an option form left empty must stay unchanged (the formset skips it).
    uses = forms.IntegerField(min_value=1, required=False, label=_("Uses per voucher"),
                              widget=forms.NumberInput(attrs={"placeholder": "1"}),
                              help_text=_("More than 1 makes a pass, e.g. 10 visits."))
    one_use_per_day = forms.BooleanField(required=False, label=_("At most one use a day"))
    usage_windows = WindowsField(required=False, label=_("This option's own times"),
                                 help_text=_("Empty: the deal's times."))

    FIELDS = ("title", "price", "value", "units", "uses", "one_use_per_day", "usage_windows")

    TEXT_FIELDS = ("title",)

    def __init__(self, *args, own_language: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_other_languages(own_language)

    def clean(self):
        data = super().clean()
        if data.get("uses") is None and "uses" not in self.errors:
            data["uses"] = 1  # left out: a voucher of one use
        rule_errors_add(self, deal_option_check, {f: data.get(f) for f in self.FIELDS})
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
                **{k: r[k] for k in OptionForm.FIELDS},
                **{text_key("title", code): title for code, title in titles.items()}}
        else:
            new.append(OptionSpec(r["title"], r["price"], r["value"], r["units"],
                                  titles={code: t for code, t in titles.items() if t},
                                  uses=r["uses"], one_use_per_day=r["one_use_per_day"],
                                  usage_windows=r["usage_windows"]))
    return changes, new


# --- bookable slots of a store (marketplace/bookings) --------------------------------------

class HoursField(_TermsTextField):
    """A store's weekly hours typed as "Mon-Fri 09:00-13:00, 14:00-19:00", one line per days."""

    widget = forms.Textarea(attrs={"rows": 3, "placeholder": "Mon-Fri 09:00-13:00, 14:00-19:00"})
    read = staticmethod(weekly.spans_parse)
    write = staticmethod(weekly.spans_input)


class ClockField(forms.CharField):
    """A time of day typed as "14:00" (24:00 closes the day), held as minutes of the day."""

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        minutes = weekly.minutes_parse(value)
        if minutes is None:
            raise ValidationError(_("Write a time of day as 14:00."), code="time_unreadable")
        return minutes


class StoreScheduleForm(forms.Form):
    slot_minutes = forms.IntegerField(min_value=1, initial=60, label=_("Slot length (minutes)"))
    capacity = forms.IntegerField(min_value=1, initial=1, label=_("Places in each slot"))
    hours = HoursField(label=_("Hours when slots are offered"),
                       help_text=_("One line per days, e.g. “Mon-Fri 09:00-13:00, 14:00-19:00”."))

    def clean(self):
        data = super().clean()
        rule_errors_add(self, store_schedule_check, {
            "slot_minutes": data.get("slot_minutes"), "capacity": data.get("capacity"),
            "hours": data.get("hours", [])})
        return data


class ScheduleExceptionForm(forms.Form):
    day = forms.DateField(label=_("Day"), widget=forms.DateInput(attrs={"type": "date"}))
    closed = forms.BooleanField(required=False, label=_("Closed"))
    start = ClockField(required=False, label=_("Opens"), widget=forms.TextInput(
        attrs={"placeholder": "10:00"}))
    end = ClockField(required=False, label=_("Closes"), widget=forms.TextInput(
        attrs={"placeholder": "14:00"}))
    capacity = forms.IntegerField(required=False, min_value=1, label=_("Places in each slot"))
    note = forms.CharField(required=False, max_length=200, label=_("Note"))

    def clean(self):
        data = super().clean()
        rule_errors_add(self, schedule_exception_check, {
            "closed": data.get("closed", False), "start": data.get("start"),
            "end": data.get("end"), "capacity": data.get("capacity")})
        return data


class StatementPeriodForm(forms.Form):
    """The days a statement covers (both included), at most a year."""

    start = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To"), widget=forms.DateInput(attrs={"type": "date"}))
    currency = forms.CharField(max_length=3, required=False, widget=forms.HiddenInput)
    too_long = _("A statement covers at most a year.")

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            raise ValidationError(_("The first day comes before the last day."))
        if start and end and (end - start).days > 366:
            raise ValidationError(self.too_long)
        return data


class ReportPeriodForm(StatementPeriodForm):
    """The days a report covers (both included), at most a year."""

    too_long = _("A report covers at most a year.")

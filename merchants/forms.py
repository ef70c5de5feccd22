"""Forms of the merchant portal: they only validate input; the services decide."""
from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Location, Membership


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

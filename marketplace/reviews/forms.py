"""Review forms: they only collect input; the rules are in reviews/services.py."""
from django import forms
from django.utils.translation import gettext_lazy as _

from marketplace.core.limits import upload_size_validate

STARS = [(n, "★" * n) for n in range(5, 0, -1)]


class ReviewForm(forms.Form):
    stars = forms.TypedChoiceField(choices=STARS, coerce=int, widget=forms.RadioSelect,
                                   label=_("Your rating"))
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 5}), required=False,
                           label=_("Your review"))
    photo = forms.ImageField(required=False, label=_("Photo (optional)"),
                             validators=[upload_size_validate])


class ReplyForm(forms.Form):
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label=_("Reply"))


class HideForm(forms.Form):
    reason = forms.CharField(required=False, label=_("Reason"))

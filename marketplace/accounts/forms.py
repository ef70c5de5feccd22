"""Account forms: the profile without its e-mail address (that changes only through allauth)."""
from django import forms
from django.contrib.auth import get_user_model


class NamesForm(forms.ModelForm):
    class Meta:
        model = get_user_model()
        fields = ["first_name", "last_name"]

    def __init__(self, user, *args, **kwargs):  # Oscar's profile view passes user=
        super().__init__(*args, instance=user, **kwargs)

"""The store-address fields shared by every form that places a store (the public application, the
merchant portal's stores page): the pin's coordinates, or the address found by the geocoder."""
from django import forms
from django.core.exceptions import ValidationError

from .services import location_place


class StorePlaceForm(forms.Form):
    """A form with address, postcode and city fields; the map's pin fills the two hidden ones.

    Without a pin (no script, or the merchant did not move it) the address is looked up; an
    address nobody finds is an error on the address that asks for the pin.
    """

    latitude = forms.DecimalField(max_digits=9, decimal_places=6, required=False,
                                  widget=forms.HiddenInput(attrs={"data-place": "latitude"}))
    longitude = forms.DecimalField(max_digits=9, decimal_places=6, required=False,
                                   widget=forms.HiddenInput(attrs={"data-place": "longitude"}))

    def clean(self):
        data = super().clean()
        if self.errors or not data.get("address") or not data.get("city"):
            return data
        try:
            data["latitude"], data["longitude"] = location_place(
                address=data["address"], city=data["city"], postcode=data.get("postcode", ""),
                latitude=data.get("latitude"), longitude=data.get("longitude"))
        except ValidationError as error:
            self.add_error(None if "address" not in self.fields else "address", error.messages)
        return data

"""The public merchant application form, and the address look-up of its store map."""
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from merchants.geocoding import GeocodingUnavailable, address_locate, lookup_allowed
from merchants.services import PLACE_NOT_FOUND, PLACE_SERVICE_DOWN

from .forms import ApplicationStoreFormSet, MerchantApplicationForm
from .onboarding import StoreSpec, merchant_application_submit


def apply(request):
    form = MerchantApplicationForm(request.POST or None)
    stores = ApplicationStoreFormSet(request.POST or None, prefix="stores")
    if request.method == "POST" and form.is_valid() and stores.is_valid():
        specs = [StoreSpec(**s.cleaned_data) for s in stores if s.cleaned_data]
        try:
            merchant_application_submit(stores=specs, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, " ".join(error.messages))
        else:
            return redirect("curation-apply:thanks")
    return render(request, "curation/apply/form.html", {"form": form, "stores": stores})


def thanks(request):
    return render(request, "curation/apply/thanks.html")


@require_GET
def locate(request):
    """Where an address is, as JSON for the store map: {found, latitude, longitude, label} or
    {found: false, message}."""
    if not lookup_allowed(client=request.META.get("REMOTE_ADDR", "")):
        return JsonResponse({"found": False, "message": _(
            "Too many look-ups from here: place the pin on the map by hand.")}, status=429)
    try:
        place = address_locate(address=request.GET.get("address", "")[:255],
                               city=request.GET.get("city", "")[:100],
                               postcode=request.GET.get("postcode", "")[:20])
    except GeocodingUnavailable:
        return JsonResponse({"found": False, "message": str(PLACE_SERVICE_DOWN)}, status=503)
    if place is None:
        return JsonResponse({"found": False, "message": str(PLACE_NOT_FOUND)})
    return JsonResponse({"found": True, "latitude": float(place.latitude),
                         "longitude": float(place.longitude), "label": place.label})

"""The public merchant application form."""
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

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

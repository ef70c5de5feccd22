"""The portal's bookings pages: a store's bookable slots (schedule and exceptions) and the day
and week calendar of its bookings. Views translate HTTP to marketplace/bookings' services."""
from datetime import date, timedelta

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from marketplace.bookings import selectors as slots
from marketplace.bookings import services
from merchants.permissions import Can, member_required, redeem_locations
from merchants.selectors import location_zone

from . import selectors
from .context import portal_context
from .forms import ScheduleExceptionForm, StoreScheduleForm


@member_required(Can.MANAGE_STORES)
def store_slots(request, membership, pk):
    """GET: the store's schedule and exceptions; POST: set the schedule or add an exception."""
    location = get_object_or_404(membership.merchant.locations, pk=pk)
    schedule = slots.store_schedule(location=location)
    initial = ({"slot_minutes": schedule.slot_minutes, "capacity": schedule.capacity,
                "hours": schedule.hours} if schedule else {})
    form = StoreScheduleForm(initial=initial)
    exception_form = ScheduleExceptionForm()
    if request.method == "POST":
        if request.POST.get("action") == "exception":
            exception_form = ScheduleExceptionForm(request.POST)
            if exception_form.is_valid():
                services.schedule_exception_set(location=location, **exception_form.cleaned_data)
                messages.success(request, _("The day is saved."))
                return redirect("merchant_portal:store-slots", slug=membership.merchant.slug,
                                pk=location.pk)
        else:
            form = StoreScheduleForm(request.POST, initial=initial)
            if form.is_valid():
                services.store_schedule_set(location=location, **form.cleaned_data)
                messages.success(request, _("The store's slots are saved."))
                return redirect("merchant_portal:store-slots", slug=membership.merchant.slug,
                                pk=location.pk)
    today = timezone.now().astimezone(location_zone(location)).date()
    return render(request, "merchant_portal/store_slots.html", {
        **portal_context(membership), "location": location, "schedule": schedule, "form": form,
        "exception_form": exception_form,
        "exceptions": slots.schedule_exceptions(location=location, since=today),
    })


@member_required(Can.MANAGE_STORES)
@require_POST
def store_exception_remove(request, membership, pk, day):
    location = get_object_or_404(membership.merchant.locations, pk=pk)
    try:
        day = date.fromisoformat(day)
    except ValueError:
        raise Http404("No such day.") from None
    services.schedule_exception_remove(location=location, day=day)
    messages.success(request, _("The day follows the usual hours again."))
    return redirect("merchant_portal:store-slots", slug=membership.merchant.slug, pk=location.pk)


@member_required(Can.REDEEM)
def calendar(request, membership):
    """A store's bookings by day (``?view=day``) or week, from ``?day=`` (today by default)."""
    stores = redeem_locations(membership)
    wanted = request.GET.get("store")
    store = next((s for s in stores if str(s.pk) == wanted), stores[0] if stores else None)
    week = request.GET.get("view", "week") != "day"
    context = {**portal_context(membership), "stores": stores, "store": store, "week": week}
    if store is not None:
        today = timezone.now().astimezone(location_zone(store)).date()
        try:
            first = date.fromisoformat(request.GET.get("day", ""))
        except ValueError:
            first = today
        if week:
            first -= timedelta(days=first.weekday())
        days = 7 if week else 1
        context.update({
            "zone": str(location_zone(store)), "first": first,
            "previous": first - timedelta(days=days), "next": first + timedelta(days=days),
            "calendar": selectors.store_calendar(location=store, first_day=first, days=days),
        })
    return render(request, "merchant_portal/calendar.html", context)

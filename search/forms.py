"""The deal search form: reads and checks a search's GET parameters for the page and the API.

Named SearchForm so that Oscar's site-wide search box (its context processor loads
``search.forms.SearchForm`` through get_class) uses this one.
"""
from django import forms
from django.utils.choices import CallableChoiceIterator
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from .error_codes import SearchError
from .places import Place, places
from .query import MAX_PAGE, SORT_DISTANCE, SORT_RELEVANCE, SORTS, Position, SearchParams
from .times import KIND_CHOICES, USABLE_CHOICES


class SearchInput(forms.TextInput):
    input_type = "search"


class SearchForm(forms.Form):
    q = forms.CharField(required=False, max_length=200, label=_("Search"),
                        widget=SearchInput(attrs={"placeholder": _("Search deals"),
                                                  "autocomplete": "off"}))
    category = forms.CharField(required=False, max_length=300, label=_("Category"))
    city = forms.CharField(required=False, max_length=100, label=_("City"))
    price_min = forms.DecimalField(required=False, min_value=0, max_digits=10, decimal_places=2,
                                   label=_("Price from"))
    price_max = forms.DecimalField(required=False, min_value=0, max_digits=10, decimal_places=2,
                                   label=_("Price up to"))
    min_discount = forms.IntegerField(required=False, min_value=0, max_value=100,
                                      label=_("Minimum discount (%)"))
    tipped = forms.BooleanField(required=False, label=_("Only deals that are on"))
    lat = forms.FloatField(required=False, min_value=-90, max_value=90, widget=forms.HiddenInput)
    lon = forms.FloatField(required=False, min_value=-180, max_value=180, widget=forms.HiddenInput)
    near = forms.CharField(required=False, max_length=120, label=_("Near"))
    within_km = forms.FloatField(required=False, min_value=0.1, max_value=500,
                                 label=_("Within (km)"))
    sort = forms.ChoiceField(required=False, choices=SORTS, label=_("Sort by"))
    # The trades (search/times.py).
    kind = forms.ChoiceField(required=False, choices=KIND_CHOICES, label=_("Kind of deal"))
    usable = forms.ChoiceField(required=False, choices=USABLE_CHOICES, label=_("When"))
    bookable_this_week = forms.BooleanField(required=False, label=_("Bookable this week"))
    page = forms.IntegerField(required=False, min_value=1, max_value=MAX_PAGE, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The places are read when the select is drawn or a place is chosen, not before: the
        # API and the search box on every page mostly need neither.
        self.fields["near"].widget = forms.Select(
            choices=CallableChoiceIterator(self._near_choices), attrs={"class": "form-control"})

    @cached_property
    def _places(self) -> dict[str, Place]:
        return {p.slug: p for p in places()}

    def _near_choices(self) -> list[tuple[str, str]]:
        return [("", _("Anywhere"))] + [(p.slug, p.label) for p in self._places.values()]

    def clean_near(self):
        slug = self.cleaned_data.get("near") or ""
        if slug and slug not in self._places:
            raise forms.ValidationError(_("We do not know that place."), code=SearchError.UNKNOWN_PLACE)
        return slug

    def clean(self):
        data = super().clean()
        lat, lon = data.get("lat"), data.get("lon")
        if (lat is None) != (lon is None):
            raise forms.ValidationError(_("A position needs both latitude and longitude."),
                                        code=SearchError.INCOMPLETE_POSITION)
        has_position = lat is not None or bool(data.get("near"))
        if data.get("sort") == SORT_DISTANCE and not has_position:
            self.add_error("sort", forms.ValidationError(
                _("Sorting by distance needs your position: share it or choose a place."),
                code=SearchError.POSITION_REQUIRED))
        if data.get("within_km") and not has_position:
            self.add_error("within_km", forms.ValidationError(
                _("A distance needs your position: share it or choose a place."),
                code=SearchError.POSITION_REQUIRED))
        lo, hi = data.get("price_min"), data.get("price_max")
        if lo is not None and hi is not None and lo > hi:
            self.add_error("price_max", forms.ValidationError(
                _("The highest price is below the lowest."), code=SearchError.INVALID_PRICE_RANGE))
        return data

    def position(self) -> Position | None:
        data = self.cleaned_data
        if data.get("lat") is not None:
            return Position(lat=data["lat"], lon=data["lon"], label=str(_("your position")))
        near = data.get("near")
        place = self._places.get(near) if near else None
        return place.position() if place else None

    def to_params(self) -> SearchParams:
        """The search asked for; call only when the form is valid."""
        data = self.cleaned_data
        return SearchParams(
            q=(data.get("q") or "").strip(), category=data.get("category") or "",
            city=data.get("city") or "", price_min=data.get("price_min"),
            price_max=data.get("price_max"), min_discount=data.get("min_discount"),
            tipped=bool(data.get("tipped")), position=self.position(),
            within_km=data.get("within_km"), sort=data.get("sort") or SORT_RELEVANCE,
            page=data.get("page") or 1, kind=data.get("kind") or "",
            usable=data.get("usable") or "", bookable_this_week=bool(data.get("bookable_this_week")),
        )

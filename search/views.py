"""The search page: Oscar's search view replaced by ours (Elasticsearch, database fallback).

Works without JavaScript: the filters are a GET form and plain links; scripts only add the
browser's position and autocomplete.
"""
from django.shortcuts import render
from django.views import View
from oscar.apps.search.signals import user_search

from marketplace.deals.selectors import deal_first_images

from .forms import SearchForm
from .query import PRICE_BANDS, SORT_DISTANCE, SORTS
from .selectors import deals_search


class FacetedSearchView(View):
    template_name = "search/results.html"

    def get(self, request):
        form = SearchForm(request.GET)
        results = deals_search(form.to_params()) if form.is_valid() else None
        if results:
            images = deal_first_images(deal_ids=[hit.deal_id for hit in results.hits])
            for hit in results.hits:
                hit.image = images.get(hit.deal_id)
        user_search.send(sender=self, session=request.session, user=request.user,
                         query=request.GET.get("q", ""))
        return render(request, self.template_name, {
            "form": form, "results": results, "price_links": _price_links(results),
            "sorts": SORTS, "distance_sort": SORT_DISTANCE,
            "has_position": bool(results and results.params.position),
        })


def _price_links(results) -> list[dict]:
    if results is None:
        return []
    counts = {f.key: f.count for f in results.price_bands}
    params = results.params
    links = []
    for key, lo, hi in PRICE_BANDS:
        label = f"{lo:.0f}–{hi:.0f}" if hi is not None else f"{lo:.0f}+"
        active = params.price_min == lo and params.price_max == hi
        links.append({"label": label, "count": counts.get(key, 0), "min": lo,
                      "max": "" if hi is None else hi, "active": active})
    return links

"""Buyer pages of the deal catalogue: home, category listing, deal page (reads via selectors)."""
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from oscar.core.loading import get_class

from . import selectors
from .city import city_choose
from .preview import preview_now

PER_PAGE = 24


def home(request):
    city = city_choose(request)
    now = preview_now(request)  # staff previewing the page on another day; None for buyers
    page = Paginator(selectors.deals_for_home(city=city, now=now), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "deals/home.html", {
        "city": city, "page_obj": page, "cards": selectors.deal_cards(page.object_list, now=now),
        "top_categories": selectors.top_categories(city=city, now=now), "preview_now": now,
    })


def category(request, slug):
    node = selectors.category_get_by_full_slug(slug)
    if node is None:
        raise Http404("No such category")
    city = city_choose(request)
    now = preview_now(request)  # staff previewing the page on another day; None for buyers
    deals = selectors.deals_in_category(category=node, city=city, now=now)
    page = Paginator(deals, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "deals/category.html", {
        "city": city, "category": node, "ancestors": node.get_ancestors(),
        "subcategories": selectors.category_children(node), "page_obj": page,
        "cards": selectors.deal_cards(page.object_list, now=now), "preview_now": now,
    })


def detail(request, slug, pk):
    deal = selectors.deal_get_public(pk=pk)
    if deal is None:
        raise Http404("No such deal")
    if slug != (deal.product.slug or "deal"):
        return redirect(deal, permanent=True)
    return render(request, "deals/detail.html", {"page": selectors.deal_page(deal), "deal": deal})


def oscar_product(request, product_slug, pk):
    """Oscar's product URL (basket lines, old links): a deal's product or option goes to the deal page."""
    deal = selectors.deal_for_product(product_pk=pk)
    if deal is None:
        return get_class("catalogue.views", "ProductDetailView").as_view()(
            request, product_slug=product_slug, pk=pk)
    return redirect(deal, permanent=True)


def oscar_category(request, category_slug, pk):
    node = selectors.category_get_by_pk(pk)
    if node is None:
        raise Http404("No such category")
    return redirect("deals:category", slug=node.full_slug, permanent=True)


def oscar_catalogue(request):
    return redirect(reverse("deals:home"), permanent=True)

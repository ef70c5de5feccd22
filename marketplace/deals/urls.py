"""Buyer pages of the deal catalogue, and Oscar's catalogue URLs sent to them."""
from django.urls import path, re_path

from . import views

app_name = "deals"
urlpatterns = [
    path("", views.home, name="home"),
    path("category/<path:slug>/", views.category, name="category"),
    path("deals/<slug:slug>-<int:pk>/", views.detail, name="detail"),
    # Oscar's own catalogue would list every public product, drafts included: ours replaces it.
    path("catalogue/", views.oscar_catalogue),
    re_path(r"^catalogue/(?P<product_slug>[\w-]*)_(?P<pk>\d+)/$", views.oscar_product),
    re_path(r"^catalogue/category/(?P<category_slug>[\w-]+(/[\w-]+)*)_(?P<pk>\d+)/$",
            views.oscar_category),
]

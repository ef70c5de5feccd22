"""/i18n/setlang/ under the name Django's and Oscar's templates reverse ("set_language"), and the
catalogue of translated strings for our scripts."""
from django.urls import path
from django.views.i18n import JavaScriptCatalog

from . import views

urlpatterns = [
    path("setlang/", views.language_set, name="set_language"),
    path("js/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
]

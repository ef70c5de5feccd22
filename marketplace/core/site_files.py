"""What the site answers at fixed addresses: /robots.txt, /favicon.ico, and 404 for the shop pages a
deals marketplace does not have."""
from django.conf import settings
from django.http import Http404
from django.shortcuts import redirect, render
from django.templatetags.static import static


def robots_txt(request):
    return render(request, "robots.txt", {"site_url": settings.MARKETPLACE_SITE_URL.rstrip("/")},
                  content_type="text/plain")


def favicon(request):
    # Browsers ask /favicon.ico whatever the page says; the file is a static one.
    return redirect(static("favicon.ico"), permanent=True)


def not_here(request, *args, **kwargs):
    """Oscar's shop pages with no place in a deals marketplace (address book, product alerts,
    wish lists): not found, whatever links to them."""
    raise Http404

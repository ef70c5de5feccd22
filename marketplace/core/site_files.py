"""What every site answers to browsers and crawlers at fixed addresses: /robots.txt, /favicon.ico."""
from django.conf import settings
from django.shortcuts import redirect, render
from django.templatetags.static import static


def robots_txt(request):
    return render(request, "robots.txt", {"site_url": settings.MARKETPLACE_SITE_URL.rstrip("/")},
                  content_type="text/plain")


def favicon(request):
    # Browsers ask /favicon.ico whatever the page says; the file is a static one.
    return redirect(static("favicon.ico"), permanent=True)

"""Answers the old address of a merged-away category with a permanent redirect."""
from django.http import HttpResponsePermanentRedirect

from .categories import category_redirect_target


class CategoryRedirectMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 404:
            return response
        target = category_redirect_target(path=request.path)
        return HttpResponsePermanentRedirect(target) if target else response

"""Error pages: under /api/ every error is JSON ({"code", "message", "detail"}, as the schema
says), elsewhere Django's own pages. Named as the URLconf's handler400/403/404/500 and as
DRF's EXCEPTION_HANDLER."""
from django.core.exceptions import RequestDataTooBig
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults
from rest_framework.views import exception_handler

API_PREFIX = "/api/"


def _is_api(request) -> bool:
    return request.path.startswith(API_PREFIX)


def _json(status: int, code: str, message: str) -> JsonResponse:
    return JsonResponse({"code": code, "message": message, "detail": {}}, status=status)


def bad_request(request, exception):
    if _is_api(request):
        if isinstance(exception, RequestDataTooBig):
            return _json(413, "request_too_large", _("The request is too large."))
        return _json(400, "invalid_request", _("The request is not valid."))
    return defaults.bad_request(request, exception)


def permission_denied(request, exception):
    if _is_api(request):
        return _json(403, "permission_denied", _("You are not allowed to do this."))
    return defaults.permission_denied(request, exception)


def page_not_found(request, exception):
    if _is_api(request):
        return _json(404, "not_found", _("There is nothing at this address."))
    return defaults.page_not_found(request, exception)


def server_error(request):
    if _is_api(request):
        return _json(500, "server_error", _("Something went wrong on our side; try again."))
    return defaults.server_error(request)


def api_exception_handler(exc, context):
    """DRF's errors in the API's one shape: what DRF says, as {"code", "message", "detail"}."""
    response = exception_handler(exc, context)
    if response is None:
        return None  # not an API error: Django's handler500 answers (JSON under /api/)
    data = response.data
    message = data.get("detail", "") if isinstance(data, dict) else ""
    code = getattr(message, "code", None) or getattr(exc, "default_code", "invalid_request")
    detail = {} if isinstance(data, dict) and set(data) <= {"detail"} else {"fields": data}
    response.data = {"code": str(code), "message": str(message or _("The request is not valid.")),
                     "detail": detail}
    return response

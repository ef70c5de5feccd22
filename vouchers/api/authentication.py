"""Store token authentication for the point-of-sale API: `Authorization: Token mkp_...`."""
from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from merchants.services import api_token_authenticate


class StoreTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Token"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Send `Authorization: Token <token>`."))
        try:
            plain = header[1].decode()
        except UnicodeError:
            raise exceptions.AuthenticationFailed(_("The token is not valid.")) from None
        token = api_token_authenticate(plain=plain)
        if token is None:
            raise exceptions.AuthenticationFailed(_("The token is not valid or was revoked."))
        return (_TokenUser(token), token)

    def authenticate_header(self, request):
        return self.keyword


class _TokenUser:
    """The request's user for a till: authenticated, acting for its store only."""

    is_authenticated = True
    is_anonymous = False
    is_staff = False
    is_superuser = False

    def __init__(self, token):
        self.token = token
        self.pk = None


class StoreTokenScheme(OpenApiAuthenticationExtension):
    target_class = "vouchers.api.authentication.StoreTokenAuthentication"
    name = "storeToken"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "header", "name": "Authorization",
                "description": "`Token <store token>`; a token is created per store in the "
                               "merchant portal and shown once."}

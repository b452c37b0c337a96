"""Partner tokens in the Authorization header: `Token <key>` (or `Bearer <key>`)."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from kb.clients import client_address
from kb.services.tokens import TokenRejected, token_authenticate


class PartnerTokenAuthentication(authentication.BaseAuthentication):
    keywords = ("token", "bearer")

    def authenticate(self, request):
        parts = authentication.get_authorization_header(request).split()
        if not parts or parts[0].decode(errors="replace").lower() not in self.keywords:
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed("Use the header 'Authorization: Token <key>'.")
        try:
            token = token_authenticate(key=parts[1].decode(errors="replace"), ip=client_address(request))
        except TokenRejected as exc:
            raise exceptions.AuthenticationFailed(str(exc)) from None
        return token.user, token

    def authenticate_header(self, request):
        # Makes DRF answer 401 (with this challenge), not 403, to a request without credentials.
        return 'Token realm="api"'


class PartnerTokenScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.PartnerTokenAuthentication"
    name = "partnerToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "`Token <key>`: a partner token created by staff in the admin (scopes read, submit).",
        }

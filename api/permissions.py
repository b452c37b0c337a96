"""API permissions: anonymous and partner reads; writes by partner tokens with the submit scope, or staff."""

from rest_framework import permissions

from kb.models import PartnerToken, TokenScopeChoices


def partner_token(request) -> PartnerToken | None:
    return request.auth if isinstance(request.auth, PartnerToken) else None


class ReadOnly(permissions.BasePermission):
    """Safe methods only: for derived, computed resources that nobody writes."""

    def has_permission(self, request, view):
        token = partner_token(request)
        if token is not None and TokenScopeChoices.READ not in token.scopes:
            return False
        return request.method in permissions.SAFE_METHODS


class ReadOrSubmit(permissions.BasePermission):
    """Reads for everyone (a token needs the read scope); writes need a token with the submit scope, or a staff
    account with the model's add/change permission. The record-level rules (own drafts only) are services'."""

    message = "This token lacks the scope for this request."

    def has_permission(self, request, view):
        token = partner_token(request)
        if request.method in permissions.SAFE_METHODS:
            return token is None or TokenScopeChoices.READ in token.scopes
        if token is not None:
            return TokenScopeChoices.SUBMIT in token.scopes
        user = request.user
        if not (user and user.is_authenticated and user.is_staff):
            return False
        model = view.get_queryset().model
        action = "add" if request.method == "POST" else "change"
        return user.has_perm(f"{model._meta.app_label}.{action}_{model._meta.model_name}")

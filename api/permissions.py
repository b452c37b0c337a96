"""API permissions."""

from rest_framework import permissions


class ReadOnly(permissions.BasePermission):
    """Safe methods only: for derived, computed resources that nobody writes."""

    def has_permission(self, request, view):
        return request.method in permissions.SAFE_METHODS

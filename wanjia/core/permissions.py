"""Kept apart from core.api: DRF imports the default permission class while its own views module loads."""
from rest_framework import permissions

SAFE = permissions.SAFE_METHODS


class RolePermission(permissions.BasePermission):
    """Authenticated users only; writes need one of the view's `write_roles` (if it names any) and are
    refused to read-only users. Object access is the scope rule's job (`restrict`)."""

    def has_permission(self, request, view):
        user = request.user
        if not (user and user.is_authenticated):
            return False
        if request.method in SAFE:
            roles = getattr(view, "read_roles", None)
            return not roles or user.has_role(*roles)
        if user.is_read_only:
            return False
        roles = getattr(view, "write_roles", None)
        return not roles or user.has_role(*roles)

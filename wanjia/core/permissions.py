"""Who may do what: one permission table per app, read by pages and the API alike.

Each app's `permissions.py` holds `TABLE = {resource: {action: roles}}` (this module holds core's). A page
(`core.views.RoleRequiredMixin`) or a viewset (`core.rest.ScopedViewSet`) names its `resource`
("<app>.<resource>"); the request's action is looked up here, so a page and its API answer the same roles.

- `"read"` (and any action named `"read_..."`) is a read; every other action is a write.
- Roles are `Role` codes, or `PUBLIC` (anyone, signed in or not) or `SIGNED_IN` (any signed-in user).
- Administrators and superusers hold every role (`User.has_role`); read-only users (auditors) never write,
  whatever a table says (a test also keeps the tables from granting them writes), except `audit_...`
  (their audit opinion) and `own_...` (their own inbox) actions.
- An action missing from the table is refused (fail closed). API `create`/`update`/`partial_update`/
  `destroy` fall back to the resource's `"write"` entry; a `GET` extra action falls back to `"read"`.

Kept apart from core.rest: DRF imports the default permission and filter classes while its own views module
loads."""
from functools import cache
from importlib import import_module
from importlib.util import find_spec

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from rest_framework import filters, permissions

SAFE = permissions.SAFE_METHODS
PUBLIC = "public"
SIGNED_IN = "signed_in"

# core's own pages (the other apps keep theirs in `wanjia/<app>/permissions.py`).
TABLE = {
    "home": {"read": (SIGNED_IN,)},
    "health": {"read": (PUBLIC,)},
    "static": {"read": (PUBLIC,)},  # /favicon.ico
    "not_found": {"read": (PUBLIC,), "write": (PUBLIC,)},  # the API's JSON 404 for unknown paths
    "account": {"read": (PUBLIC,), "write": (PUBLIC,)},  # login, logout, language switch
    "api_docs": {"read": (SIGNED_IN,)},  # the OpenAPI schema and its Swagger page
    "file": {"read": (SIGNED_IN,)},  # /files/<name>: checks session or API token itself (core.views)
}

MODEL_WRITES = {"create": "write", "update": "write", "partial_update": "write", "destroy": "write"}


class MissingRule(LookupError):
    """A resource or action without an entry in its app's table."""


def is_read(action: str) -> bool:
    return action == "read" or action.startswith("read_")


def read_only_may(action: str) -> bool:
    """The writes a read-only user (auditor) makes: an audit opinion of their own (`audit_...`) and the state
    of their own inbox (`own_...`); neither changes an operational record."""
    return is_read(action) or action.startswith(("audit_", "own_"))


@cache
def app_table(app: str) -> dict:
    if app == "core":
        return TABLE
    module = f"wanjia.{app}.permissions"
    return import_module(module).TABLE if find_spec(module) else {}


def all_tables() -> dict[str, dict]:
    """`{"<app>.<resource>": {action: roles}}` over every domain app."""
    return {f"{app}.{name}": actions for app in settings.DOMAIN_APPS for name, actions in app_table(app).items()}


def roles_for(resource: str, action: str) -> tuple[str, ...]:
    app, _dot, name = resource.partition(".")
    actions = app_table(app).get(name)
    if actions is None:
        raise MissingRule(f"no permission table entry for resource {resource!r}")
    if action not in actions:
        raise MissingRule(f"no permission table entry for {resource!r} action {action!r}")
    return tuple(actions[action])


def permits(user, resource: str, action: str) -> bool:
    """May `user` do `action` on `resource`? (Which records: that is the scope rule's job, `restrict`.)"""
    try:
        roles = roles_for(resource, action)
    except MissingRule:
        return False
    if PUBLIC in roles:
        return True
    if user is None or not user.is_authenticated:
        return False
    if user.is_read_only and not read_only_may(action):
        return False
    return SIGNED_IN in roles or user.has_role(*roles)


def ensure_permitted(user, resource: str, action: str) -> None:
    """The same check inside a service, so a write refused on the page is refused from every caller."""
    if not permits(user, resource, action):
        raise PermissionDenied(_("您没有使用此功能的角色。"))


def api_action(view, method: str) -> str:
    """The table action a DRF view's request means: its viewset action (renamed by the view's
    `permission_actions`, e.g. {"dispatch_crew": "dispatch"}), mapped as the module docstring says."""
    name = getattr(view, "action", None)
    if name in (None, "list", "retrieve", "metadata"):
        return "read" if method in SAFE else getattr(view, "write_action", "write")
    name = getattr(view, "permission_actions", {}).get(name, name)
    app, _dot, resource = view.resource.partition(".")
    actions = app_table(app).get(resource, {})
    if name in actions:
        return name
    if name in MODEL_WRITES:
        return MODEL_WRITES[name]
    return "read" if method in SAFE else name


class RolePermission(permissions.BasePermission):
    """The API side of the table: the view's `resource` and the request's action (see `api_action`). A view
    without a `resource` is refused, so a new endpoint cannot slip through without an entry."""

    def has_permission(self, request, view):
        resource = getattr(view, "resource", None)
        if resource is None:
            return False
        return permits(request.user, resource, api_action(view, request.method))


class OrderingFilter(filters.OrderingFilter):
    """`?ordering=`, minus phone numbers for users who read them masked: sorting by the real number would
    give it away one digit at a time."""

    def get_valid_fields(self, queryset, view, context=None):
        fields = super().get_valid_fields(queryset, view, context or {})
        request = (context or {}).get("request")
        if request is not None and not permits(request.user, "customers.phone", "read_full"):
            fields = [(name, label) for name, label in fields if "phone" not in name]
        return fields

"""Every URL (pages and API, walked from the URL resolver) × every role answers what the permission tables
say: allowed, or 403 for a signed-in user / the login page (pages) or 401/403 (API) for an anonymous one.
A URL whose view names no table entry fails here, so a new page cannot ship without one."""
import re
from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from wanjia.core.permissions import (MissingRule, PUBLIC, SIGNED_IN, all_tables, api_action, is_read, permits, read_only_may,
                                     roles_for)
from wanjia.org.models import Role

# Django's admin checks staff status and model permissions itself; it is not a role-table page.
EXEMPT_PREFIXES = ("admin/",)
PLACEHOLDER = {"int": "999999", "str": "zz-none", "slug": "zz-none", "path": "zz-none"}
METHODS = ("get", "post", "put", "patch", "delete")


def _patterns(patterns=None, prefix=""):
    for p in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(p, URLResolver):
            yield from _patterns(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), p


def _concrete(route: str) -> str | None:
    """A requestable path for a route, with an id that exists nowhere (so an allowed role gets 404, never data)."""
    if "(?P<format>" in route or "<drf_format_suffix" in route:
        return None  # `.json` twins of the routes below
    route = route.replace("^", "").replace("$", "")
    route = re.sub(r"\(\?P<\w+>[^)]*\)", "999999", route)
    route = re.sub(r"<(?:(\w+):)?(\w+)>", lambda m: PLACEHOLDER.get(m.group(1) or "str", "zz-none"), route)
    return "/" + route.replace("\\.", ".")


def cases():
    """(path, method, resource, action, api) for every URL and method its view answers."""
    out = []
    for route, pattern in _patterns():
        if route.startswith(EXEMPT_PREFIXES):
            continue
        path = _concrete(route)
        if path is None:
            continue
        callback = pattern.callback
        cls = getattr(callback, "view_class", None) or getattr(callback, "cls", None)
        actions = getattr(callback, "actions", None)
        if hasattr(callback, "access") or cls is None:  # a function view (or a view wrapped by `requires`)
            resource, action, write_action = getattr(callback, "access", (None, None, None))
            out.append((path, "get", resource, action, False))
            if write_action is not None or resource is None:
                out.append((path, "post", resource, write_action, False))
        elif actions is not None:  # a DRF viewset route: method -> viewset action
            for method, name in actions.items():
                # DRF adds "head" to this shared mapping on the first GET: HEAD answers as GET does.
                if method not in METHODS or method not in cls.http_method_names:
                    continue
                view = SimpleNamespace(action=name, resource=getattr(cls, "resource", None),
                                       permission_actions=getattr(cls, "permission_actions", {}))
                out.append((path, method, view.resource, view.resource and api_action(view, method.upper()), True))
        else:
            api = hasattr(cls, "permission_classes")
            for method in METHODS:
                if not hasattr(cls, method) or method not in cls.http_method_names:
                    continue
                if api:
                    view = SimpleNamespace(action=None, resource=getattr(cls, "resource", None),
                                           write_action=getattr(cls, "write_action", "write"))
                    action = view.resource and api_action(view, method.upper())
                    out.append((path, method, view.resource, action, True))
                elif getattr(cls, "url_action_kwarg", None):
                    # One URL per named action (/orders/<pk>/<action>/): every action of the resource.
                    for action in all_tables().get(cls.resource, {}):
                        if not is_read(action) and method != "get":
                            out.append((path.replace("zz-none", action), method, cls.resource, action, False))
                else:
                    action = getattr(cls, "action", "read") if method == "get" else getattr(cls, "write_action", "write")
                    out.append((path, method, getattr(cls, "resource", None), action, False))
    return out


def test_every_url_has_a_table_entry():
    missing = []
    for path, method, resource, action, _api in cases():
        try:
            if resource is None:
                raise MissingRule("the view names no resource")
            roles_for(resource, action)
        except MissingRule as exc:
            missing.append(f"{method.upper()} {path}: {exc}")
    assert missing == [], "\n".join(missing)


def test_tables_name_known_roles_and_never_let_the_auditor_write():
    known = {Role.ADMIN, Role.MANAGER, Role.COUNTER, Role.DISPATCHER, Role.CREW, Role.BRANCH_SECRETARY, Role.AUDITOR,
        PUBLIC, SIGNED_IN}
    wrong = []
    for resource, actions in all_tables().items():
        for action, roles in actions.items():
            wrong += [f"{resource}.{action}: unknown role {r!r}" for r in roles if r not in known]
            if not read_only_may(action) and Role.AUDITOR in roles:
                wrong.append(f"{resource}.{action}: the auditor is read-only")
    assert wrong == [], "\n".join(wrong)


def _denied(response, api: bool, anonymous: bool) -> bool:
    if response.status_code == 403:
        return True
    if anonymous:
        if api:
            return response.status_code == 401
        return response.status_code == 302 and "/accounts/login/?next=" in response["Location"]
    return False


@pytest.mark.django_db
def test_every_url_answers_every_role_as_the_table_says(tree):
    users = {"anonymous": None, **{role: user for role, user in tree.a.users.items()},
             "province-manager": tree.province_manager, "admin": tree.admin}
    clients = {}
    for label, user in users.items():
        clients[label] = Client(raise_request_exception=False)
        if user is not None:
            clients[label].force_login(user)
    wrong = []
    # Signing out ends the clients' sessions: that URL goes last.
    for path, method, resource, action, api in sorted(cases(), key=lambda case: "logout" in case[0]):
        for label, user in users.items():
            kwargs = {"content_type": "application/json", "data": "{}"} if api and method != "get" else {}
            response = getattr(clients[label], method)(path, **kwargs)
            if response.status_code >= 500:
                wrong.append(f"{label} {method.upper()} {path}: {response.status_code}")
                continue
            expected = permits(user, resource, action)
            denied = _denied(response, api, user is None)
            if denied == expected:
                wrong.append(f"{label} {method.upper()} {path} ({resource}.{action}): "
                             f"{'allowed' if expected else 'denied'} by the table, answered {response.status_code}")
    assert wrong == [], "\n".join(wrong)

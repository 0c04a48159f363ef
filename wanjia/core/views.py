from functools import wraps

from django.contrib.auth import views as auth_views
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import Http404, HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed

from wanjia.core.files import file_response, owner_exists
from wanjia.core.home import only_crew, todos_for
from wanjia.core.navigation import home_panels_for
from wanjia.core.permissions import SAFE, permits
from wanjia.core.throttle import LoginForm
from wanjia.org.scoping import ensure_in_scope


def _check(request, resource: str, action: str):
    """None when the table lets this request through; otherwise the answer: the login page for anonymous
    users, 403 for signed-in users without a role the table names."""
    if permits(request.user, resource, action):
        return None
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    raise PermissionDenied(_("您没有使用此功能的角色。"))


def requires(resource: str, action: str = "read", write_action: str | None = None):
    """The table check for a function view: `action` for GET/HEAD, `write_action` for other methods (none:
    the view only reads, other methods answer 405)."""
    def decorate(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method not in SAFE and write_action is None:
                return HttpResponseNotAllowed(["GET", "HEAD"])
            denied = _check(request, resource, action if request.method in SAFE else write_action)
            return denied or view(request, *args, **kwargs)

        wrapped.access = (resource, action, write_action)
        return wrapped
    return decorate


class LoginView(auth_views.LoginView):
    template_name = "core/login.html"
    redirect_authenticated_user = True
    resource = "core.account"
    authentication_form = LoginForm

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if form.locked:
            response.status_code = 429
        return response


class LogoutView(auth_views.LogoutView):
    resource = "core.account"


@requires("core.home")
def home(request):
    """What must I do now: my due and overdue items first, then the figures my role answers for. A crew
    member's home is their orders page."""
    if only_crew(request.user):
        return redirect("repairs:crew")
    return render(request, "core/home.html", {"todos": todos_for(request.user, timezone.now()),
                                              "panels": home_panels_for(request.user)})


@requires("core.health")
def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@csrf_exempt  # a 404 for any method: there is nothing to protect, and a CSRF 403 page would not be JSON
def api_not_found(request):
    return JsonResponse({"code": "not_found", "message": _("未找到。"), "fields": {}}, status=404)


api_not_found.access = ("core.not_found", "read", "write")  # its (public) table entry


def _file_reader(request):
    """The signed-in user, or the API token's user (clients follow the file links the API returns)."""
    if request.user.is_authenticated:
        return request.user
    try:
        found = TokenAuthentication().authenticate(request)
    except AuthenticationFailed:
        return None
    return found[0] if found else None


def stored_file(request, name):
    """Every stored file, only for signed-in users who may see the row that owns it (404 otherwise, so a
    name outside one's scope reveals nothing)."""
    user = _file_reader(request)
    if user is None:
        raise PermissionDenied(_("请先登录。"))
    if not owner_exists(user, name):
        raise Http404
    return file_response(name)


stored_file.access = ("core.file", "read", None)  # its table entry; it checks session or token itself


def rate_limited(request, exception=None):
    return HttpResponse(_("请求过于频繁,请稍后再试。"), status=429, content_type="text/plain; charset=utf-8")


class RoleRequiredMixin:
    """Pages check the permission table (`core.permissions`): `resource` names the table entry; `action`
    is the entry for GET/HEAD, `write_action` for other methods (`permission_action` may pick it from the
    URL: `url_action_kwarg = "action"` for `/orders/7/<action>/`). A view without a `resource` is refused."""

    resource: str | None = None
    action = "read"
    write_action = "write"
    url_action_kwarg: str | None = None

    def permission_action(self, request, *args, **kwargs) -> str:
        if request.method in SAFE:
            return self.action
        return kwargs.get(self.url_action_kwarg, self.write_action) if self.url_action_kwarg else self.write_action

    def dispatch(self, request, *args, **kwargs):
        if self.resource is None:
            raise PermissionDenied(_("您没有使用此功能的角色。"))
        denied = _check(request, self.resource, self.permission_action(request, *args, **kwargs))
        return denied or super().dispatch(request, *args, **kwargs)

    def permits(self, action: str) -> bool:
        """For templates: may this user do `action` on this view's resource (show the button or not)."""
        return permits(self.request.user, self.resource, action)


class ScopedMixin(RoleRequiredMixin):
    """Base of every UI view over a scoped model: the queryset is `Model.objects.restrict(user)`; writes are
    re-checked against the scope inside their transaction (see `ensure_in_scope`)."""

    model = None
    scope_action = "view"

    def get_queryset(self):
        return self.model.objects.restrict(self.request.user, self.scope_action)

    def check_written(self, obj) -> None:
        ensure_in_scope(self.request.user, obj)

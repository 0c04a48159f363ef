from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed

from wanjia.core.files import file_response, owner_exists
from wanjia.core.home import only_crew, todos_for
from wanjia.core.navigation import home_panels_for
from wanjia.core.throttle import LoginForm
from wanjia.org.scoping import ensure_in_scope


class LoginView(auth_views.LoginView):
    template_name = "core/login.html"
    redirect_authenticated_user = True
    authentication_form = LoginForm

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if form.locked:
            response.status_code = 429
        return response


class LogoutView(auth_views.LogoutView):
    pass


@login_required
def home(request):
    """What must I do now: my due and overdue items first, then the figures my role answers for. A crew
    member's home is their orders page."""
    if only_crew(request.user):
        return redirect("repairs:crew")
    return render(request, "core/home.html", {"todos": todos_for(request.user, timezone.now()),
                                              "panels": home_panels_for(request.user)})


def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@csrf_exempt  # a 404 for any method: there is nothing to protect, and a CSRF 403 page would not be JSON
def api_not_found(request):
    return JsonResponse({"code": "not_found", "message": _("未找到。"), "fields": {}}, status=404)


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


def rate_limited(request, exception=None):
    return HttpResponse(_("请求过于频繁,请稍后再试。"), status=429, content_type="text/plain; charset=utf-8")


class RoleRequiredMixin(LoginRequiredMixin):
    """`roles`: any of these may open the view (empty: any signed-in user)."""

    roles: tuple[str, ...] = ()

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and self.roles and not request.user.has_role(*self.roles):
            raise PermissionDenied(_("您没有使用此功能的角色。"))
        return super().dispatch(request, *args, **kwargs)


class ScopedMixin(RoleRequiredMixin):
    """Base of every UI view over a scoped model: the queryset is `Model.objects.restrict(user)`; writes are
    re-checked against the scope inside their transaction (see `ensure_in_scope`)."""

    model = None
    scope_action = "view"

    def get_queryset(self):
        return self.model.objects.restrict(self.request.user, self.scope_action)

    def check_written(self, obj) -> None:
        ensure_in_scope(self.request.user, obj)

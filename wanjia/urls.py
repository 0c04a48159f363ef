"""One URL root. Each domain app mounts itself: urls.py at /<app>/ and api/urls.py at /api/v1/<app>/."""
from importlib.util import find_spec

from django.conf import settings
from django.contrib import admin
from django.templatetags.static import static as static_url
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from django.views.i18n import set_language

from wanjia.core import rest
from wanjia.core import views as core_views


def _mounted(module: str) -> bool:
    try:
        return find_spec(module) is not None
    except ModuleNotFoundError:
        return False


urlpatterns = [
    path("", core_views.home, name="home"),
    path("i18n/setlang/", core_views.requires("core.account", write_action="write")(set_language),
         name="set_language"),
    path("accounts/login/", core_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", core_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("api/schema/", rest.SchemaView.as_view(), name="api-schema"),
    path("api/docs/", rest.SchemaDocsView.as_view(url_name="api-schema"), name="api-docs"),
    path("healthz", core_views.healthz, name="healthz"),
    # Uploaded and generated files: only through this scoped view; MEDIA_ROOT has no public URL.
    path("files/<path:name>", core_views.stored_file, name="file"),
    # Browsers ask for /favicon.ico on pages without a <link rel=icon> (API, admin, plain-text errors).
    path("favicon.ico", core_views.requires("core.static")(
        RedirectView.as_view(url=static_url("wanjia/favicon.svg"), permanent=True))),
]
for app in settings.DOMAIN_APPS:
    if _mounted(f"wanjia.{app}.urls"):
        urlpatterns.append(path(f"{app}/", include(f"wanjia.{app}.urls")))
    if _mounted(f"wanjia.{app}.api.urls"):
        urlpatterns.append(path(f"api/v1/{app}/", include(f"wanjia.{app}.api.urls")))
if _mounted("wanjia.repairs.open311.urls"):
    from wanjia.repairs.open311 import views as open311_views

    urlpatterns.append(path("open311/v2/", include("wanjia.repairs.open311.urls")))
    # Service discovery lives above the versioned endpoint it lists (as clients look for it).
    urlpatterns.append(path("open311/discovery.<str:fmt>", open311_views.discovery))

# Last: an API path no route matches (e.g. /orders/1.5/) answers in the API's error shape, not an HTML page.
# Only paths ending in "/", so CommonMiddleware still redirects a path missing its slash.
urlpatterns.append(re_path(r"^api/.*/$", core_views.api_not_found))

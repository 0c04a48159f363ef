"""Wanjia settings. Everything a deployment changes comes from the environment (see README, "Configuration")."""
from pathlib import Path

import dj_database_url

from wanjia.env import env, env_bool, env_int, env_list

BASE_DIR = Path(__file__).resolve().parent
REPO_DIR = BASE_DIR.parent
DATA_DIR = Path(env("WANJIA_DATA_DIR", str(REPO_DIR / "var"))).resolve()

DEBUG = env_bool("DEBUG", False)
# pytest sets PYTEST_VERSION: tests and DEBUG may use a throw-away key; a production server may not.
SECRET_KEY = env("SECRET_KEY") or ("insecure-development-key-change-me" if DEBUG or env("PYTEST_VERSION") else None)
if not SECRET_KEY:
    # Refuse to run a production server with a key everybody knows.
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("SECRET_KEY must be set (or DEBUG=true for development)")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# Domain apps, one per domain. Each may ship urls.py (mounted at /<app>/), api/urls.py (mounted at
# /api/v1/<app>/) and tick.py (run by `wanjia tick`).
DOMAIN_APPS = [
    "core",
    "org",
    "network",
    "customers",
    "commitments",
    "notifications",
    "jobs",
    "repairs",
    "connections",
    "campaign",
    "outreach",
    "feedback",
    "halls",
    "payments",
    "portal",
    "orderly",
    "kpi",
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_htmx",
    "treebeard",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    *[f"wanjia.{name}" for name in DOMAIN_APPS],
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "wanjia.core.middleware.RefuseNulCharacters",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "wanjia.urls"
WSGI_APPLICATION = "wanjia.wsgi.application"
AUTH_USER_MODEL = "org.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wanjia.core.context_processors.navigation",
                "wanjia.core.context_processors.calendar_warning",
            ],
        },
    },
]

DATA_DIR.mkdir(parents=True, exist_ok=True)
(DATA_DIR / "static").mkdir(exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'wanjia.sqlite3'}",
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the dev server, `wanjia tick` and a shell share the file.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"}
    )
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# A database cache works across processes and needs no extra service on an intranet host.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "wanjia_cache",
    }
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# One field template for every form: required marks, help, errors, searchable pickers (core.forms).
FORM_RENDERER = "wanjia.core.forms.FormRenderer"
TIME_ZONE = env("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True
# ISO first among the input formats, in both languages, so date and datetime boxes show their initial values.
FORMAT_MODULE_PATH = ["wanjia.formats"]

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
NODE_MODULES = REPO_DIR / "node_modules"
# Third-party assets come from npm (package.json + package-lock.json) and are served by whitenoise.
STATICFILES_DIRS = [
    ("vendor/bootstrap", NODE_MODULES / "bootstrap" / "dist"),
    ("vendor/bootstrap-icons", NODE_MODULES / "bootstrap-icons" / "font"),
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
    ("vendor/echarts", NODE_MODULES / "echarts" / "dist"),
    ("vendor/leaflet", NODE_MODULES / "leaflet" / "dist"),
    ("vendor/leaflet.markercluster", NODE_MODULES / "leaflet.markercluster" / "dist"),
    ("vendor/tom-select", NODE_MODULES / "tom-select" / "dist"),
    # The project's own shell assets (wanjia.css, favicon): `wanjia` itself is a package, not an app, so
    # APP_DIRS does not find them.
    BASE_DIR / "static",
]
STORAGES = {
    # Uploads live in MEDIA_ROOT with no public URL; `.url` leads to the scoped view (core.files).
    "default": {"BACKEND": "wanjia.core.files.PrivateStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = DATA_DIR / "media"
# Largest accepted upload (photos, documents), in bytes; largest image in pixels (width × height), checked
# before Pillow decodes it.
WANJIA_MAX_UPLOAD_BYTES = env_int("WANJIA_MAX_UPLOAD_BYTES", 10 * 1024 * 1024)
WANJIA_MAX_IMAGE_PIXELS = env_int("WANJIA_MAX_IMAGE_PIXELS", 50_000_000)
# Stored files are sent by Django unless the web server is told to: "x-sendfile" (Apache mod_xsendfile,
# lighttpd) or "x-accel-redirect" (nginx: an `internal` location at WANJIA_SENDFILE_PREFIX aliasing MEDIA_ROOT).
WANJIA_SENDFILE = env("WANJIA_SENDFILE", "")
if WANJIA_SENDFILE not in ("", "x-sendfile", "x-accel-redirect"):
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("WANJIA_SENDFILE must be empty, x-sendfile or x-accel-redirect")
WANJIA_SENDFILE_PREFIX = env("WANJIA_SENDFILE_PREFIX", "/protected-files/")
# Imports (CSV/XLSX): most data rows, longest cell (characters) and largest unpacked XLSX sheet (bytes).
WANJIA_IMPORT_MAX_ROWS = env_int("WANJIA_IMPORT_MAX_ROWS", 100_000)
WANJIA_IMPORT_MAX_CELL_CHARS = env_int("WANJIA_IMPORT_MAX_CELL_CHARS", 1000)
WANJIA_IMPORT_MAX_XLSX_BYTES = env_int("WANJIA_IMPORT_MAX_XLSX_BYTES", 100 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = WANJIA_MAX_UPLOAD_BYTES + 1024 * 1024

# Map tiles: an intranet tile server URL template, or empty to draw points over unit boundaries only.
WANJIA_MAP_TILE_URL = env("WANJIA_MAP_TILE_URL", "")
WANJIA_MAP_TILE_ATTRIBUTION = env("WANJIA_MAP_TILE_ATTRIBUTION", "")

EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "wanjia@localhost")
# Where SMS go: a dotted path to a class implementing wanjia.notifications.backends.SmsBackend.
WANJIA_SMS_BACKEND = env("WANJIA_SMS_BACKEND", "wanjia.notifications.backends.LoggingSmsBackend")
# A failed e-mail/SMS is retried with a doubling backoff up to this many attempts; a worker's claim on a
# message expires after the lease (its worker died), and the sweep sends it again.
WANJIA_NOTIFY_MAX_ATTEMPTS = env_int("WANJIA_NOTIFY_MAX_ATTEMPTS", 8)
WANJIA_NOTIFY_LEASE_SECONDS = env_int("WANJIA_NOTIFY_LEASE_SECONDS", 300)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "wanjia.core.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["wanjia.core.permissions.RolePermission"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "wanjia.core.permissions.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "wanjia.core.pagination.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "wanjia.core.rest.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Wanjia API",
    "DESCRIPTION": "万家 operations platform: organisation, customers, repairs, connections, campaign and more.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI from the sidecar package, so the docs page works on an intranet.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Several domains have a "channel" or "category": give each choice set its own schema name.
    "ENUM_NAME_OVERRIDES": {
        "RepairChannelEnum": "wanjia.repairs.models.Channel",
        "ConnectionIntakeChannelEnum": "wanjia.connections.models.IntakeChannel",
        "FeedbackChannelEnum": "wanjia.feedback.models.Channel",
        "HallEvaluationChannelEnum": "wanjia.halls.models.EvaluationChannel",
        "WalkInCategoryEnum": "wanjia.customers.models.WalkInCategory",
        "CustomerClassEnum": "wanjia.customers.models.CustomerClass",
        "UnitKindEnum": "wanjia.org.models.UnitKind",
        "PhaseKindEnum": "wanjia.campaign.models.PhaseKind",
        "RequirementKindEnum": "wanjia.campaign.models.RequirementKind",
        "GroupKindEnum": "wanjia.campaign.models.GroupKind",
    },
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums",
                             "wanjia.core.schema.add_error_responses"],
}

# Background work (summary folding, SMS/e-mail delivery, imports, reports, rebuilds): django-tasks with its
# database backend, run by `wanjia db_worker` (README, "Background work"). Tests run tasks at once.
TASK_QUEUES = ["default", "summaries", "notifications"]
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": TASK_QUEUES}}
# Seconds between a write and the fold of the KPI summaries it made stale (writes of that window fold together),
# at least. A fold costs about the same however many writes it folds, so under sustained writes the wait grows
# to WANJIA_SUMMARY_FOLD_PACE times the last fold's duration: folding then takes at most about 1/(1 + pace) of
# the machine the workers share with the web processes (docs/kpi.md), and the summaries lag by at most
# WANJIA_SUMMARY_FOLD_MAX_DELAY seconds plus a fold.
WANJIA_SUMMARY_FOLD_DELAY = env_int("WANJIA_SUMMARY_FOLD_DELAY", 2)
WANJIA_SUMMARY_FOLD_PACE = env_int("WANJIA_SUMMARY_FOLD_PACE", 10)
WANJIA_SUMMARY_FOLD_MAX_DELAY = env_int("WANJIA_SUMMARY_FOLD_MAX_DELAY", 300)
# The lowest unit kind (org.UnitKind's order) whose KPI summaries keep daily rows. Units below it (stations,
# halls) keep monthly rows only and read a period's part months from the source records (docs/kpi.md).
# Changing it needs `wanjia kpi rebuild`.
WANJIA_SUMMARY_DAILY_FLOOR = env("WANJIA_SUMMARY_DAILY_FLOOR", "county")
if env("PYTEST_VERSION"):
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": TASK_QUEUES}}

RATELIMIT_VIEW = "wanjia.core.views.rate_limited"
# Behind a reverse proxy every request comes from the proxy: name the header carrying the client's address
# (e.g. HTTP_X_REAL_IP), or all clients share one rate-limit count.
RATELIMIT_IP_META_KEY = env("RATELIMIT_IP_META_KEY", "REMOTE_ADDR")
# Failed sign-ins allowed per window (django-ratelimit rates: count/period, period s, m, h or d).
WANJIA_LOGIN_RATE_ACCOUNT = env("WANJIA_LOGIN_RATE_ACCOUNT", "5/15m")
WANJIA_LOGIN_RATE_IP = env("WANJIA_LOGIN_RATE_IP", "20/15m")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

if not DEBUG:
    SESSION_COOKIE_HTTPONLY = True
    X_FRAME_OPTIONS = "DENY"

# HTTPS (`wanjia check --deploy` is clean with WANJIA_HTTPS=true). Off by default because an intranet host
# may serve plain HTTP, where secure cookies would make signing in impossible; the deploy check says so.
WANJIA_HTTPS = env_bool("WANJIA_HTTPS", False)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", WANJIA_HTTPS)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", WANJIA_HTTPS)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 365 * 24 * 3600 if WANJIA_HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", WANJIA_HTTPS)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", WANJIA_HTTPS)
# Behind a reverse proxy that terminates TLS: the header it sets for the original scheme, e.g.
# X-Forwarded-Proto. Only set it when the proxy always overwrites that header (Django's warning applies).
_proxy_header = env("SECURE_PROXY_SSL_HEADER", "")
SECURE_PROXY_SSL_HEADER = (("HTTP_" + _proxy_header.upper().replace("-", "_"), "https") if _proxy_header else None)

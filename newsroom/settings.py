"""Claimdesk settings.

One module, driven by environment variables. The defaults run the demo: SQLite and Celery tasks
executed in-process. Production values come only from the environment (see README.md, which
documents every variable read here).
"""

import os
from pathlib import Path
from typing import Any

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "claimdesk-demo-secret-key-change-me-in-production")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
SITE_URL = os.environ.get("CLAIMDESK_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "template_partials",
    "claims",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "claims.permissions.roles",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'claimdesk.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
    )
}
if os.environ.get("TEST_DATABASE_NAME"):
    DATABASES["default"]["TEST"] = {"NAME": os.environ["TEST_DATABASE_NAME"]}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Several processes (web, worker, tests) share the embedded database: wait for locks.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# The queue's covering indexes INCLUDE extra columns on PostgreSQL; SQLite builds them without.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "queue"
LOGOUT_REDIRECT_URL = "verdict_index"

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

# Hardened sessions and cookies. SECURE_* follow HTTPS, which production turns on.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = int(os.environ.get("CLAIMDESK_SESSION_AGE", str(60 * 60 * 12)))
HTTPS = env_bool("CLAIMDESK_HTTPS", False)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365 if HTTPS else 0
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Celery. Without REDIS_URL tasks run in-process (the embedded default); with it, a real worker runs them.
REDIS_URL = os.environ.get("REDIS_URL", "")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = int(os.environ.get("CLAIMDESK_TASK_SOFT_TIME_LIMIT", "60"))
CELERY_TASK_TIME_LIMIT = int(os.environ.get("CLAIMDESK_TASK_TIME_LIMIT", "90"))
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A publish that cannot reach Redis must fail fast: the row stays pending and the sweep sends it later.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600, "socket_connect_timeout": 2, "socket_timeout": 5, "max_retries": 0}
CELERY_TASK_PUBLISH_RETRY = False
CELERY_BEAT_SCHEDULE: dict = {}

CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "claimdesk_cache"}
    )
}
# API throttling counters: shared through Redis when there is one, per process otherwise.
CACHES["throttle"] = (
    {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL, "KEY_PREFIX": "throttle"}
    if REDIS_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "claimdesk-throttle"}
)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("CLAIMDESK_THROTTLE_ANON", "120/min"),
        "user": os.environ.get("CLAIMDESK_THROTTLE_USER", "1200/min"),
        "search": os.environ.get("CLAIMDESK_THROTTLE_SEARCH", "600/min"),
    },
    # Per token (or signed-in user) and per anonymous address; see claims/api/throttling.py.
    "DEFAULT_THROTTLE_CLASSES": [
        "claims.api.throttling.AnonymousThrottle",
        "claims.api.throttling.ConsumerThrottle",
    ],
    "EXCEPTION_HANDLER": "claims.api.errors.api_exception_handler",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Claimdesk API",
    "DESCRIPTION": "Articles, claims, evidence, lookups and published verdicts of a Claimdesk newsroom.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "claims.api.errors.add_error_responses",
    ],
    "ENUM_NAME_OVERRIDES": {
        "ClaimStatusEnum": "claims.models.Claim.Status",
        "VerdictStatusEnum": "claims.models.Verdict.Status",
        "LookupStatusEnum": "claims.models.Lookup.Status",
        "DeliveryStatusEnum": "claims.models.WebhookDelivery.Status",
        "ArticleFetchStatusEnum": "claims.models.ArticleFetch.Status",
        "StanceEnum": "claims.models.Evidence.Stance",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("CLAIMDESK_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# --- Claimdesk -----------------------------------------------------------------------------

# The publishing organisation, as ClaimReview's `author`.
CLAIMDESK_ORGANISATION = {
    "name": os.environ.get("CLAIMDESK_ORG_NAME", "Claimdesk Demo Newsroom"),
    "url": os.environ.get("CLAIMDESK_ORG_URL", SITE_URL),
    "logo": os.environ.get("CLAIMDESK_ORG_LOGO", f"{SITE_URL}/static/claimdesk-logo.png"),
}

# Ingestion limits.
CLAIMDESK_MAX_ARTICLE_CHARS = int(os.environ.get("CLAIMDESK_MAX_ARTICLE_CHARS", "200000"))
CLAIMDESK_FETCH_MAX_BYTES = int(os.environ.get("CLAIMDESK_FETCH_MAX_BYTES", str(5 * 1024 * 1024)))
CLAIMDESK_FETCH_TIMEOUT = float(os.environ.get("CLAIMDESK_FETCH_TIMEOUT", "10"))
CLAIMDESK_FETCH_MAX_REDIRECTS = int(os.environ.get("CLAIMDESK_FETCH_MAX_REDIRECTS", "5"))
# host:port pairs the SSRF guard lets through although they are private (tests' local servers).
CLAIMDESK_FETCH_ALLOWED_HOSTS = env_list("CLAIMDESK_FETCH_ALLOWED_HOSTS")

# Extraction.
CLAIMDESK_CHECKWORTHINESS_SCORER = os.environ.get("CLAIMDESK_CHECKWORTHINESS_SCORER", "default")
CLAIMDESK_CHECKWORTHINESS_THRESHOLD = float(os.environ.get("CLAIMDESK_CHECKWORTHINESS_THRESHOLD", "0.5"))

# Related claims (claims/matching): scorer, similarity thresholds, feed import limit.
CLAIMDESK_MATCHING_SCORER = os.environ.get("CLAIMDESK_MATCHING_SCORER", "lexical")
CLAIMDESK_MATCH_SAME = float(os.environ.get("CLAIMDESK_MATCH_SAME", "0.80"))
CLAIMDESK_MATCH_SIMILAR = float(os.environ.get("CLAIMDESK_MATCH_SIMILAR", "0.60"))
CLAIMDESK_MATCH_ALREADY_CHECKED = float(os.environ.get("CLAIMDESK_MATCH_ALREADY_CHECKED", "0.80"))
CLAIMDESK_FEED_MAX_BYTES = int(os.environ.get("CLAIMDESK_FEED_MAX_BYTES", str(50 * 1024 * 1024)))

# The rating scale. `value` maps onto ClaimReview's ratingValue; ratings without a value sit outside
# the numeric scale. Override with CLAIMDESK_RATINGS_JSON (a JSON list of the same shape).
CLAIMDESK_RATINGS: list[dict[str, Any]] = [
    {"key": "true", "label": "True", "value": 5, "colour": "#1a7f37",
     "definition": "The claim is accurate and nothing significant is missing."},
    {"key": "mostly-true", "label": "Mostly true", "value": 4, "colour": "#57a55a",
     "definition": "The claim is accurate but needs clarification or additional information."},
    {"key": "half-true", "label": "Half true", "value": 3, "colour": "#bf8700",
     "definition": "The claim is partially accurate but leaves out important details or takes things out of context."},
    {"key": "mostly-false", "label": "Mostly false", "value": 2, "colour": "#d1581b",
     "definition": "The claim contains an element of truth but ignores facts that would give a different impression."},
    {"key": "false", "label": "False", "value": 1, "colour": "#cf222e",
     "definition": "The claim is not accurate."},
    {"key": "misleading", "label": "Misleading", "value": None, "colour": "#8250df",
     "definition": "The claim uses accurate facts in a way that leaves a false impression."},
    {"key": "unverifiable", "label": "Unverifiable", "value": None, "colour": "#6e7781",
     "definition": "There is not enough public evidence to establish whether the claim is accurate."},
]
if os.environ.get("CLAIMDESK_RATINGS_JSON"):
    import json

    CLAIMDESK_RATINGS = json.loads(os.environ["CLAIMDESK_RATINGS_JSON"])

# Webhooks: a delivery is tried at most MAX_ATTEMPTS times, waiting RETRY_DELAYS seconds between
# attempts (the last delay repeats); the beat sweep re-sends deliveries left pending.
CLAIMDESK_WEBHOOK_MAX_ATTEMPTS = int(os.environ.get("CLAIMDESK_WEBHOOK_MAX_ATTEMPTS", "5"))
CLAIMDESK_WEBHOOK_RETRY_DELAYS = [
    float(delay) for delay in env_list("CLAIMDESK_WEBHOOK_RETRY_DELAYS", "30,120,600,1800")
]
CLAIMDESK_WEBHOOK_TIMEOUT = float(os.environ.get("CLAIMDESK_WEBHOOK_TIMEOUT", "10"))
CELERY_BEAT_SCHEDULE["webhooks-sweep"] = {
    "task": "claims.publishing.tasks.webhooks_sweep",
    "schedule": float(os.environ.get("CLAIMDESK_WEBHOOK_SWEEP_SECONDS", "60")),
}

# Source lookups (claims/lookups): which providers run for a claim, and how hard they may be pushed.
from json import loads as json_loads  # noqa: E402

GOOGLE_FACTCHECK_API_KEY = os.environ.get("GOOGLE_FACTCHECK_API_KEY", "")
CLAIMDESK_FACTCHECK_TOOLS_API_KEY = GOOGLE_FACTCHECK_API_KEY
CLAIMDESK_FACTCHECK_TOOLS_URL = os.environ.get(
    "CLAIMDESK_FACTCHECK_TOOLS_URL", "https://factchecktools.googleapis.com/v1alpha1/claims:search"
)
CLAIMDESK_FACTCHECK_TOOLS_LANGUAGE = os.environ.get("CLAIMDESK_FACTCHECK_TOOLS_LANGUAGE", "en")
CLAIMDESK_MEDIAWIKI_API_URL = os.environ.get("CLAIMDESK_MEDIAWIKI_API_URL", "https://en.wikipedia.org/w/api.php")
CLAIMDESK_MEDIAWIKI_PAGE_URL = os.environ.get("CLAIMDESK_MEDIAWIKI_PAGE_URL", "https://en.wikipedia.org/wiki/{title}")
CLAIMDESK_MEDIAWIKI_NAME = os.environ.get("CLAIMDESK_MEDIAWIKI_NAME", "Wikipedia")
# A newsroom's own JSON search service: URL template with {query}, and dotted paths into the answer.
CLAIMDESK_JSON_SEARCH = {
    "url": os.environ.get("CLAIMDESK_JSON_SEARCH_URL", ""),
    "name": os.environ.get("CLAIMDESK_JSON_SEARCH_NAME", ""),
    "results": os.environ.get("CLAIMDESK_JSON_SEARCH_RESULTS", "results"),
    "fields": json_loads(os.environ.get("CLAIMDESK_JSON_SEARCH_FIELDS", "{}")),
}
CLAIMDESK_LOOKUP_PROVIDERS = env_list(
    "CLAIMDESK_LOOKUP_PROVIDERS",
    ",".join(
        ["archive", "verdicts", "mediawiki"]
        + (["factcheck_tools"] if GOOGLE_FACTCHECK_API_KEY else [])
        + (["json"] if CLAIMDESK_JSON_SEARCH["url"] else [])
    ),
)
CLAIMDESK_LOOKUP_MAX_RESULTS = int(os.environ.get("CLAIMDESK_LOOKUP_MAX_RESULTS", "5"))
CLAIMDESK_LOOKUP_HTTP_TIMEOUT = float(os.environ.get("CLAIMDESK_LOOKUP_HTTP_TIMEOUT", "10"))
CLAIMDESK_LOOKUP_MAX_BYTES = int(os.environ.get("CLAIMDESK_LOOKUP_MAX_BYTES", str(2 * 1024 * 1024)))
CLAIMDESK_LOOKUP_SOFT_TIME_LIMIT = float(os.environ.get("CLAIMDESK_LOOKUP_SOFT_TIME_LIMIT", "30"))
CLAIMDESK_LOOKUP_TIME_LIMIT = float(os.environ.get("CLAIMDESK_LOOKUP_TIME_LIMIT", "45"))
CLAIMDESK_LOOKUP_MAX_ATTEMPTS = int(os.environ.get("CLAIMDESK_LOOKUP_MAX_ATTEMPTS", "4"))
CLAIMDESK_LOOKUP_BACKOFF_BASE = float(os.environ.get("CLAIMDESK_LOOKUP_BACKOFF_BASE", "5"))
CLAIMDESK_LOOKUP_BACKOFF_MAX = float(os.environ.get("CLAIMDESK_LOOKUP_BACKOFF_MAX", "300"))
# The sweep sends pending rows older than this, and re-sends queued rows whose message looks lost.
CLAIMDESK_LOOKUP_PENDING_GRACE = float(os.environ.get("CLAIMDESK_LOOKUP_PENDING_GRACE", "30"))
CLAIMDESK_LOOKUP_QUEUED_STALE = float(os.environ.get("CLAIMDESK_LOOKUP_QUEUED_STALE", "900"))
CLAIMDESK_LOOKUP_RUNNING_GRACE = float(os.environ.get("CLAIMDESK_LOOKUP_RUNNING_GRACE", "30"))
# Per-provider rate limits ("name=N/s|N/m", Redis token bucket shared by all workers) and caps on
# how many lookups of one provider run at once.
CLAIMDESK_LOOKUP_RATE_LIMITS = dict(
    item.split("=", 1)
    for item in env_list("CLAIMDESK_LOOKUP_RATE_LIMITS", "factcheck_tools=5/s,mediawiki=10/s,json=20/s")
)
CLAIMDESK_LOOKUP_CONCURRENCY = {
    name: int(value)
    for name, value in (
        item.split("=", 1)
        for item in env_list(
            "CLAIMDESK_LOOKUP_CONCURRENCY", "archive=4,verdicts=4,factcheck_tools=4,mediawiki=4,json=8"
        )
    )
}
CLAIMDESK_LINKCHECK_INTERVAL_HOURS = float(os.environ.get("CLAIMDESK_LINKCHECK_INTERVAL_HOURS", "24"))
# Task modules the worker imports: autodiscovery only looks for claims/tasks.py, and each area
# keeps its tasks in its own package.
CELERY_IMPORTS = [
    *globals().get("CELERY_IMPORTS", []),
    "claims.ingest.tasks",
    "claims.publishing.tasks",
    "claims.lookups.tasks",
]
CELERY_BEAT_SCHEDULE["lookups-sweep"] = {
    "task": "claims.lookups.tasks.lookups_sweep_task",
    "schedule": float(os.environ.get("CLAIMDESK_LOOKUP_SWEEP_SECONDS", "60")),
}
CELERY_BEAT_SCHEDULE["evidence-link-check"] = {
    "task": "claims.lookups.tasks.evidence_links_check_task",
    "schedule": float(os.environ.get("CLAIMDESK_LINKCHECK_SWEEP_SECONDS", "3600")),
}
# URL ingests left pending (broker down) or stuck running (worker died) are queued again.
CELERY_BEAT_SCHEDULE["article-fetches-sweep"] = {
    "task": "claims.ingest.tasks.article_fetches_sweep_task",
    "schedule": float(os.environ.get("CLAIMDESK_FETCH_SWEEP_SECONDS", "60")),
}

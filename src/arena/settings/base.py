"""All of Arena's settings, read from ARENA_* environment variables with safe development defaults.

ARENA_ENV=production turns development conveniences off and refuses to start without a secret key,
an https site URL and PostgreSQL (docs/operations.md lists every variable).
"""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from arena.settings.env import env_bool, env_int, env_list, env_secret, env_str

SRC_DIR = Path(__file__).resolve().parent.parent
PROJECT_DIR = SRC_DIR.parent.parent
VAR_DIR = Path(env_str("ARENA_VAR_DIR", str(PROJECT_DIR / "var")))

## ENVIRONMENT
ARENA_ENV = env_str("ARENA_ENV", "development")
if ARENA_ENV not in {"development", "production", "test"}:
    raise ImproperlyConfigured(
        f"ARENA_ENV must be development, production or test, not {ARENA_ENV!r}"
    )
PRODUCTION = ARENA_ENV == "production"

DEV_SECRET_KEY = "arena-development-only-secret-key-never-use-in-production"  # noqa: S105
SECRET_KEY = env_secret("ARENA_SECRET_KEY") or ("" if PRODUCTION else DEV_SECRET_KEY)
if PRODUCTION and (not SECRET_KEY or SECRET_KEY == DEV_SECRET_KEY):
    raise ImproperlyConfigured(
        "ARENA_ENV=production needs ARENA_SECRET_KEY (or ARENA_SECRET_KEY_FILE) set to a long random value."
    )

DEBUG = env_bool("ARENA_DEBUG", default=not PRODUCTION)
ALLOWED_HOSTS = env_list(
    "ARENA_ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]"]
)
CSRF_TRUSTED_ORIGINS = env_list("ARENA_CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_str("ARENA_SITE_URL", "" if PRODUCTION else "http://127.0.0.1:8000")
if PRODUCTION and not SITE_URL.startswith("https://"):
    raise ImproperlyConfigured(
        "ARENA_ENV=production needs ARENA_SITE_URL, e.g. https://arena.example.se"
    )

## APPS
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",
    "django.contrib.postgres",
    "axes",
    "rules.apps.AutodiscoverRulesConfig",
    "django_tasks_db",
    "ninja",
    "arena.ui",
    "arena.accounts",
    "arena.reference",
    "arena.organisations",
    "arena.networks",
    "arena.search",
    "arena.needs",
    "arena.supply",
    "arena.programmes",
    "arena.events",
    "arena.matches",
    "arena.pilots",
    "arena.notices",
    "arena.readiness",
    "arena.alerts",
    "arena.knowledge",
    "arena.impact",
    "arena.opendata",
    "arena.operations",
    "arena.privacy",
    "arena.api",
    "arena.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files are answered before sessions, locale and auth are touched.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "arena.ui.middleware.SwedishFirstLocaleMiddleware",
    "arena.ui.middleware.RejectNulBytesMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, so it turns a login refused for too many failures into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "arena.urls"
WSGI_APPLICATION = "arena.wsgi.application"
ASGI_APPLICATION = "arena.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]
FORM_RENDERER = "arena.ui.forms.ArenaFormRenderer"

## DATABASE
# SQLite is the embedded default; DATABASE_URL (postgres://…) switches to PostgreSQL.
DEFAULT_SQLITE_PATH = VAR_DIR / "arena.sqlite3"
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{DEFAULT_SQLITE_PATH}"),
        # Keeping connections open saves a PostgreSQL connect (and TLS handshake) per request;
        # the health check drops a connection the server closed meanwhile.
        conn_max_age=env_int("ARENA_DB_CONN_MAX_AGE", 0 if DEBUG else 60, minimum=0),
        conn_health_checks=True,
    )
}
_SQLITE = DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"
# Several app servers and workers need one database server: SQLite in production is only for a
# single-machine trial, and has to be asked for.
if PRODUCTION and _SQLITE and not env_bool("ARENA_ALLOW_SQLITE", default=False):
    raise ImproperlyConfigured(
        "ARENA_ENV=production needs DATABASE_URL=postgres://user:password@host:5432/name "
        "(or ARENA_ALLOW_SQLITE=1 for a single-machine trial)."
    )
if _SQLITE:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets the worker and the web server write without locking each other out.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

## TASKS
# A database-backed queue works the same on SQLite and PostgreSQL; `make worker` runs it.
TASKS = {
    "default": {
        "BACKEND": env_str("ARENA_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

## CACHE
# A shared cache (Redis: ARENA_CACHE_URL=redis://host:6379/1) lets every app server and worker
# see the same entries; without one each process keeps its own, in memory.
ARENA_CACHE_URL = env_str("ARENA_CACHE_URL")
if ARENA_CACHE_URL and not ARENA_CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    raise ImproperlyConfigured("ARENA_CACHE_URL must be a redis:// or rediss:// address.")
CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": ARENA_CACHE_URL,
            "KEY_PREFIX": env_str("ARENA_CACHE_PREFIX", "arena"),
            # A Redis that stopped answering must cost a page half a second, not redis-py's
            # default of waiting forever: pages are then rendered without it (arena.ui.pagecache).
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
        if ARENA_CACHE_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
# Anonymous visitors' public pages are kept this many seconds at most (arena.ui.pagecache); a
# write through the ORM makes them stale at once, so the time bounds only writes around the ORM. Off without a shared cache: one process's
# in-memory cache would not learn of another process's writes.
ARENA_PUBLIC_CACHE_SECONDS = env_int(
    "ARENA_PUBLIC_CACHE_SECONDS", 300 if ARENA_CACHE_URL else 0, minimum=0
)
if PRODUCTION and ARENA_PUBLIC_CACHE_SECONDS and not ARENA_CACHE_URL:
    raise ImproperlyConfigured(
        "ARENA_PUBLIC_CACHE_SECONDS needs a shared cache in production: set ARENA_CACHE_URL "
        "(redis://host:6379/1), or ARENA_PUBLIC_CACHE_SECONDS=0."
    )
# Whether a page came from the cache, in a response header: for tests and debugging only, as it
# tells a visitor whether someone else asked for that URL lately.
ARENA_PUBLIC_CACHE_HEADER = DEBUG

## AUTH
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # First, so a locked-out login is refused before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "ui:home"
LOGOUT_REDIRECT_URL = "ui:home"
ARENA_INVITATION_DAYS = 14
# The matching engine's text embedder (a class with `dim`, `queries`, `passages`); the default ships
# its weights inside a Python package, so nothing is fetched at run time.
ARENA_EMBEDDER = env_str("ARENA_EMBEDDER", "arena.matching.embed.E5Embedder")
# CPV suggestions on the forms use the e5 model with the shipped label vectors (off: label words only).
ARENA_CPV_SEMANTIC = env_bool("ARENA_CPV_SEMANTIC", default=True)
# With it, the suggestions also learn from the platform's notices with official codes: each process
# holds the newest this many forms (about 3.5 KB each: 20,000 added 67 MB, bench/cpv_examples.py).
ARENA_CPV_EXAMPLES_MAX = env_int("ARENA_CPV_EXAMPLES_MAX", 20000, minimum=0)
# Where embeddings are kept: "auto" uses pgvector when the extension is enabled in the database
# (arena enable-pgvector), else the TextVector table; "pgvector" refuses to run without it.
ARENA_VECTOR_STORE = env_str("ARENA_VECTOR_STORE", "auto")
if ARENA_VECTOR_STORE not in {"auto", "pgvector", "database"}:
    raise ImproperlyConfigured("ARENA_VECTOR_STORE must be auto, pgvector or database.")
# An evaluated pilot without a procurement decision after this many days is flagged ("graveyard").
_graveyard_days = env_str("ARENA_PILOT_GRAVEYARD_DAYS", "90")
if not _graveyard_days.isdigit():
    raise ImproperlyConfigured("ARENA_PILOT_GRAVEYARD_DAYS must be a whole number of days ≥ 0.")
ARENA_PILOT_GRAVEYARD_DAYS = int(_graveyard_days)
# Checking a company's turnover (SEK) against a notice's requirement stated in euro needs a rate.
# An approximate one is enough for "do we qualify?" (the krona traded at 10.9-11.6 per euro in
# 2024-2026); the check shows the converted amount.
try:
    ARENA_SEK_PER_EUR = float(env_str("ARENA_SEK_PER_EUR", "11.0"))
except ValueError as error:
    raise ImproperlyConfigured("ARENA_SEK_PER_EUR must be a number, e.g. 11.0.") from error
if ARENA_SEK_PER_EUR <= 0:
    raise ImproperlyConfigured("ARENA_SEK_PER_EUR must be above 0.")
# The OCDS identifier prefix of the open-data releases: register a real one with the Open
# Contracting Partnership before announcing the data as OCDS.
ARENA_OCID_PREFIX = env_str("ARENA_OCID_PREFIX", "ocds-arena00")

## BRUTE-FORCE PROTECTION (django-axes; API tokens do not log in and are not counted)
AXES_FAILURE_LIMIT = env_int("ARENA_LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("ARENA_LOGIN_COOLOFF_MINUTES", 15, minimum=1))
# Username and address together: an attacker elsewhere cannot lock the real person out.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"  # LoginForm's e-mail field keeps Django's name
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "arena.accounts.lockout.lockout_response"
AXES_CLIENT_IP_CALLABLE = "arena.accounts.lockout.client_ip"
# Its start-up banner would land on stderr of every command, the CLI contracts included.
AXES_VERBOSE = False
# Behind N reverse proxies that each append to X-Forwarded-For, the client is the N-th address
# from the right; 0 trusts only the connection's own address.
ARENA_PROXY_COUNT = env_int("ARENA_PROXY_COUNT", 0, minimum=0)

## E-MAIL
# The console backend prints mail, so password resets and invitations work on a fresh machine.
_email_backend = env_str("ARENA_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
MAILERS = {
    "default": {
        "BACKEND": _email_backend,
        "OPTIONS": (
            {
                "host": env_str("ARENA_EMAIL_HOST", "localhost"),
                "port": int(env_str("ARENA_EMAIL_PORT", "25")),
            }
            if _email_backend.endswith("smtp.EmailBackend")
            else {}
        ),
    }
}
DEFAULT_FROM_EMAIL = env_str("ARENA_FROM_EMAIL", "Arena <noreply@arena.localhost>")

## I18N
LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [SRC_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "arena_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

## STATIC
STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("ARENA_STATIC_ROOT", str(VAR_DIR / "static")))
# Production serves hashed, compressed copies made by collectstatic (cacheable for a year);
# development and tests read the apps' files as they are, so no collectstatic is needed there.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

## SECURITY
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
LANGUAGE_COOKIE_SECURE = PRODUCTION
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Every environment sends the policy, so tests and development catch an inline script or style
# before production does. Scripts and styles come only from our own static files.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}
# A load balancer probes health over plain http inside the private network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("ARENA_HSTS_SECONDS", 31536000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("ARENA_HSTS_INCLUDE_SUBDOMAINS", default=True)
    # Preloading is a promise to the browser makers that is slow to take back: opt in.
    SECURE_HSTS_PRELOAD = env_bool("ARENA_HSTS_PRELOAD", default=False)
    SECURE_SSL_REDIRECT = env_bool("ARENA_SSL_REDIRECT", default=True)

## API
NINJA_PAGINATION_MAX_LIMIT = 100
NINJA_PAGINATION_PER_PAGE = 20

## REFERENCE DATA
REFERENCE_DATA_DIR = SRC_DIR / "reference" / "data"

## LOGGING
# Production writes one JSON object per line (for a log collector); development plain text.
ARENA_LOG_FORMAT = env_str("ARENA_LOG_FORMAT", "json" if PRODUCTION else "text")
if ARENA_LOG_FORMAT not in {"json", "text"}:
    raise ImproperlyConfigured(f"ARENA_LOG_FORMAT must be json or text, not {ARENA_LOG_FORMAT!r}")
ARENA_LOG_LEVEL = env_str("ARENA_LOG_LEVEL", "INFO").upper()
if ARENA_LOG_LEVEL not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
    raise ImproperlyConfigured(
        f"ARENA_LOG_LEVEL must be DEBUG, INFO, WARNING, ERROR or CRITICAL, not {ARENA_LOG_LEVEL!r}"
    )
# How long stored logs (login attempts, task results and the like) are kept before purging.
ARENA_LOG_RETENTION_DAYS = env_int("ARENA_LOG_RETENTION_DAYS", 90, minimum=1)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "text": {"format": "{asctime} {levelname} {name}: {message}", "style": "{"},
        "json": {
            "()": "arena.settings.logs.ArenaJsonFormatter",
            "fmt": "%(levelname)s %(name)s %(message)s",
            "rename_fields": {"levelname": "level", "name": "logger"},
            "timestamp": True,
        },
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": ARENA_LOG_FORMAT},
    },
    "root": {"handlers": ["console"], "level": ARENA_LOG_LEVEL},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

"""Django settings for gongkai, read from the environment.

Every variable is documented in `.env.example`. A `.env` file at the project root is read first,
without overriding variables already set in the environment.
"""

from __future__ import annotations

import os
import zoneinfo
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from dotenv import load_dotenv

from gongkai.env import env_bool, env_choice, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
# GONGKAI_ENV_FILE names another file to read, or "none" to read none (the test settings do that).
_env_file = os.environ.get("GONGKAI_ENV_FILE", str(BASE_DIR / ".env"))
if _env_file != "none":
    load_dotenv(_env_file, override=False)

VAR_DIR = Path(env_str("GONGKAI_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("GONGKAI_DEBUG", False)
SECRET_KEY = env_str("GONGKAI_SECRET_KEY", "insecure-development-key-only-for-debug" if DEBUG else None)
if not DEBUG and len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("Environment variable GONGKAI_SECRET_KEY must be at least 50 characters long.")
ALLOWED_HOSTS = env_list("GONGKAI_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("GONGKAI_CSRF_TRUSTED_ORIGINS", [])
# Which organisation the site speaks for, when the database holds several; empty means the first.
GONGKAI_ORGANISATION_CODE = env_str("GONGKAI_ORGANISATION_CODE", "")
# Key of the audit trail's hash chain (HMAC-SM3). Keep it stable and apart from the database.
GONGKAI_AUDIT_KEY = env_str("GONGKAI_AUDIT_KEY", "") or f"audit:{SECRET_KEY}"
# Where the audit checkpoint (latest seq and hash) is kept: outside the database, ideally on another disk.
GONGKAI_AUDIT_CHECKPOINT = env_str("GONGKAI_AUDIT_CHECKPOINT", "") or str(VAR_DIR / "audit-checkpoint.json")

INSTALLED_APPS = [
    # ground
    "gongkai.org",
    "gongkai.audit",
    "gongkai.workdays",
    "gongkai.search",
    "gongkai.printing",
    "gongkai.notices",
    # domains
    "gongkai.catalog",
    "gongkai.disclosures",
    # faces and tools
    "gongkai.portal",
    "gongkai.workspace",
    "gongkai.api",
    "gongkai.ops",
    # third party
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "huey.contrib.djhuey",
    # Django
    "gongkai.workspace.admin_config.GongkaiAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "gongkai.csp.ContentSecurityPolicyMiddleware",  # outermost: every response carries the policy
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "gongkai.sessions.IdleSessionMiddleware",
    "gongkai.portal.locale.ChineseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "gongkai.audit.middleware.AuditContextMiddleware",
    "gongkai.workspace.middleware.SecondFactorMiddleware",
    "gongkai.workspace.middleware.PasswordChangeRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "gongkai.urls"
WSGI_APPLICATION = "gongkai.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "gongkai" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "gongkai.org.context_processors.site",
            ],
        },
    },
]

# Database: embedded SQLite (WAL) by default, PostgreSQL by DATABASE_URL.
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'gongkai.sqlite3'}")
try:
    # Connections kept open between requests: opening one (SQLite's PRAGMAs, Django's SQL functions) cost a
    # cached page more than the page itself (`gongkai benchmark`: /list/ 68 → 139 req/s at 10k items).
    _database = dj_database_url.parse(
        DATABASE_URL, conn_max_age=env_int("GONGKAI_DB_CONN_MAX_AGE", 60, minimum=0), conn_health_checks=True
    )
except ValueError as error:
    raise ImproperlyConfigured(f"Environment variable DATABASE_URL is not a valid database URL: {error}") from None
if _database["ENGINE"] == "django.db.backends.sqlite3":
    _database["OPTIONS"] = {
        # IMMEDIATE: a write transaction takes the lock at BEGIN, so the audit chain is appended in order.
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; "
        f"PRAGMA cache_size=-{1024 * env_int('GONGKAI_SQLITE_CACHE_MB', 64, minimum=2, maximum=4096)};",
    }
elif _database["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured("Environment variable DATABASE_URL must point to SQLite or PostgreSQL.")
DATABASES = {"default": _database}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}

# Background tasks and the scheduler (huey). The queue lives in Redis when REDIS_URL is set, otherwise in an
# SQLite file of its own (never the main database, so the worker's polling never holds the site's write lock).
# `gongkai serve` starts the consumer (`gongkai run_huey`) beside gunicorn unless GONGKAI_RUN_WORKER is false.
GONGKAI_RUN_WORKER = env_bool("GONGKAI_RUN_WORKER", True)
HUEY: dict[str, object] = {
    "huey_class": "huey.RedisHuey" if REDIS_URL else "huey.SqliteHuey",
    "name": env_str("GONGKAI_QUEUE_NAME", "gongkai"),
    "immediate": False,  # djhuey would otherwise follow DEBUG
    "utc": True,  # periodic tasks say their local hour through gongkai.scheduling.local_crontab
    "consumer": {
        "workers": env_int("GONGKAI_WORKER_THREADS", 2, minimum=1, maximum=32),
        "worker_type": "thread",
        "graceful_signal": "TERM",  # SIGTERM (systemd, `gongkai serve`) lets running tasks finish
        "shutdown_timeout": 60,
    },
}
if REDIS_URL:
    HUEY["url"] = REDIS_URL
else:
    HUEY["filename"] = str(VAR_DIR / "huey.sqlite3")

AUTH_USER_MODEL = "org.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": env_int("GONGKAI_PASSWORD_MIN_LENGTH", 10, minimum=8, maximum=64)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "gongkai.org.passwords.CharacterClassValidator"},
]
LOGIN_URL = "workspace:login"
LOGIN_REDIRECT_URL = "workspace:home"
LOGOUT_REDIRECT_URL = "portal:home"

# Sessions end after a period without activity.
SESSION_COOKIE_AGE = 60 * env_int("GONGKAI_SESSION_IDLE_MINUTES", 30, minimum=5, maximum=24 * 60)
# The idle timeout slides without a write per request: gongkai.sessions.IdleSessionMiddleware.
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Failed sign-ins: lock the account-and-address pair out after N failures for a while.
AXES_FAILURE_LIMIT = env_int("GONGKAI_LOGIN_FAILURE_LIMIT", 5, minimum=1, maximum=100)
AXES_COOLOFF_TIME = env_int("GONGKAI_LOGIN_LOCKOUT_MINUTES", 30, minimum=1) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "workspace/locked_out.html"
AXES_VERBOSE = False
AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]

# An API token is valid this many days from its creation (the token page shows the date).
GONGKAI_API_TOKEN_DAYS = env_int("GONGKAI_API_TOKEN_DAYS", 90, minimum=1, maximum=366)
# Two-factor sign-in (TOTP) demanded of these roles; empty means optional for everyone.
GONGKAI_REQUIRE_2FA_ROLES = env_list("GONGKAI_REQUIRE_2FA_ROLES", [])
OTP_TOTP_ISSUER = env_str("GONGKAI_OTP_ISSUER", "gongkai")

# HTTPS deployment (behind a reverse proxy that terminates TLS).
GONGKAI_HTTPS = env_bool("GONGKAI_HTTPS", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if GONGKAI_HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("GONGKAI_HSTS_SECONDS", 31536000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("GONGKAI_HSTS_PRELOAD", False)
SILENCED_SYSTEM_CHECKS = [] if GONGKAI_HTTPS else ["security.W004", "security.W008", "security.W012", "security.W016"]
if not GONGKAI_HTTPS or not env_bool("GONGKAI_HSTS_PRELOAD", False):
    SILENCED_SYSTEM_CHECKS.append("security.W021")

# Internationalisation: Chinese first; English through Django's i18n.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "gongkai" / "locale"]
TIME_ZONE = env_str("GONGKAI_TIME_ZONE", "Asia/Shanghai")
if TIME_ZONE not in zoneinfo.available_timezones():
    raise ImproperlyConfigured(f"Environment variable GONGKAI_TIME_ZONE={TIME_ZONE!r} is not a known time zone.")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("GONGKAI_STATIC_ROOT", str(VAR_DIR / "static")))
STATICFILES_DIRS = [BASE_DIR / "gongkai" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = Path(env_str("GONGKAI_MEDIA_ROOT", str(VAR_DIR / "media")))
# Uploaded files are never served by URL; the platform streams them after a visibility check.
MEDIA_URL = "/_no_public_media/"

EMAIL_BACKEND = {
    "console": "django.core.mail.backends.console.EmailBackend",
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
}[env_choice("GONGKAI_EMAIL", ("console", "smtp", "locmem"), "console")]
EMAIL_HOST = env_str("GONGKAI_SMTP_HOST", "localhost")
EMAIL_PORT = env_int("GONGKAI_SMTP_PORT", 25, minimum=1, maximum=65535)
EMAIL_HOST_USER = env_str("GONGKAI_SMTP_USER", "")
EMAIL_HOST_PASSWORD = env_str("GONGKAI_SMTP_PASSWORD", "")
EMAIL_USE_TLS = env_bool("GONGKAI_SMTP_TLS", False)
DEFAULT_FROM_EMAIL = env_str("GONGKAI_EMAIL_FROM", "gongkai@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The address people use to reach the platform, for links in e-mails (no trailing slash needed).
GONGKAI_SITE_URL = env_str("GONGKAI_SITE_URL", "http://127.0.0.1:8000")
if not GONGKAI_SITE_URL.startswith(("http://", "https://")):
    raise ImproperlyConfigured("Environment variable GONGKAI_SITE_URL must start with http:// or https://.")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {
        "handlers": ["console"],
        "level": env_choice("GONGKAI_LOG_LEVEL", ("debug", "info", "warning", "error"), "info").upper(),
    },
    "loggers": {
        # WeasyPrint narrates every rendering step at INFO; its warnings (a refused URL, bad CSS) still show.
        "weasyprint.progress": {"level": "WARNING"},
        # With a handler of its own here, `run_huey` adds none, so its lines are not printed twice.
        "huey": {"handlers": ["console"], "propagate": False},
    },
}
GONGKAI_DUE_SOON_WORKDAYS = env_int("GONGKAI_DUE_SOON_WORKDAYS", 5, minimum=1, maximum=60)
GONGKAI_ATTACHMENT_MAX_MB = env_int("GONGKAI_ATTACHMENT_MAX_MB", 20, minimum=1, maximum=500)
# Printed documents (GB/T 9704): a font family name or a font file's absolute path per role (gongkai.printing.fonts).
GONGKAI_FONTS = {role: env_str(f"GONGKAI_FONT_{role}", "") for role in ("TITLE", "BODY", "HEADING", "KAI")}
GONGKAI_PAGE_CACHE_SECONDS = env_int("GONGKAI_PAGE_CACHE_SECONDS", 300, minimum=0, maximum=86400)
GONGKAI_PUBLIC_MAX_AGE = env_int("GONGKAI_PUBLIC_MAX_AGE", 60, minimum=0, maximum=86400)
# Benchmark-only views (`/_bench/floor/`, the framework's floor): mounted only in the server that
# `gongkai benchmark` starts against its own bench database. Never set this in a deployment.
GONGKAI_BENCHMARK_VIEWS = env_bool("GONGKAI_BENCHMARK_VIEWS", False)

"""Zhucun settings. Everything deploy-specific comes from environment variables (see README)."""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from csp import constants as csp
from django.conf import global_settings

from teams.rules.retention import AUDIT_RETENTION_DEFAULT_DAYS

from .env import env_bool, env_int, env_list, env_str, secret_key

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = secret_key(
    BASE_DIR / ".secret_key",
    debug=DEBUG,
    development_key="django-insecure-zhucun-development-key-set-SECRET_KEY-in-production",
)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "guardian",
    "import_export",
    "rest_framework",
    "drf_spectacular",
    "django_htmx",
    "config.apps.AxesConfig",  # django-axes, with a Chinese name in the admin
    "accounts",
    "teams",
    "attendance",
    "assessment",
    "funding",
    "training",
    "worklog",
    "oversight",  # charts, the city and province comparison, where the villages are (issue 15)
    "auditlog",
    "audit",  # the audit trail (django-auditlog with AUDITLOG_LOGENTRY_MODEL below)
    "core",  # backup and restore of every app (manage.py backup / restore)
    "dashboard",  # the home pages and their work list (after every domain app: it reads them all)
    "demo",  # last: the demo command assembles every app's demo (manage.py demo_data)
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",  # Content-Security-Policy on every response, static files too
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # A login holding a one-time password may only change it (accounts/middleware.py).
    "accounts.middleware.MustChangePasswordMiddleware",
    # django-auditlog's middleware: who, from which address (behind TRUSTED_PROXY_COUNT proxies).
    "audit.middleware.AuditMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A NUL character in a query or form parameter is a 400, before any view (config/errors.py).
    "config.errors.RefuseNulBytes",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: it turns lockouts raised by the backend into a response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "accounts.context_processors.office",
                "teams.context_processors.cited",
            ],
        },
    },
]

# Labels end with a full-width colon, "姓名：" (config/forms.py).
FORM_RENDERER = "config.forms.FormRenderer"

# --- database -------------------------------------------------------------------------------
# Unset: the SQLite file `make demo` builds, so manage.py commands after the demo see its data.
DATABASE_URL = env_str("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'demo.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60))}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # Writers take the lock at BEGIN, so two concurrent writers queue instead of failing mid-way.
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
else:
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- cache and tasks ------------------------------------------------------------------------
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    # Test workers running side by side (pytest-xdist) share one Redis: each keeps its own keys.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("PYTEST_XDIST_WORKER"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or None
# No broker configured: run tasks in-process, the embedded default.
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = "Asia/Shanghai"
CELERY_BEAT_SCHEDULE: dict[str, dict[str, object]] = {
    # ALL-RETURN: approved leaves whose return day passed without a return report, flagged once.
    "attendance-flag-overdue-returns": {
        "task": "attendance.tasks.flag_overdue_returns",
        "schedule": timedelta(hours=6),
    },
    # ZMD-ABSENT: the task itself picks the explanations whose collection day (teams.rules) is near, so
    # the beat runs daily and no day of the month is written here.
    # 网络安全法 第二十一条: entries older than AUDIT_RETENTION_DAYS (never fewer than six months) go.
    "audit-prune": {"task": "audit.tasks.prune", "schedule": crontab(minute=30, hour=3)},
    "attendance-remind-absence-explanations": {
        "task": "attendance.tasks.remind_absence_explanations",
        "schedule": crontab(minute=0, hour=8),
    },
    # The duties calendar (teams.rules.duties): reminders before the due date and one overdue notice.
    "assessment-remind-duties": {
        "task": "assessment.tasks.remind_duties",
        "schedule": crontab(minute=15, hour=8),
    },
}

# --- auth, sessions, lockout ----------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # ModelBackend, loading the user's region, unit and cadre in the same query (issue 15). Sessions
    # opened under the former "django.contrib.auth.backends.ModelBackend" log in once more.
    "accounts.backends.UserBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # Not a rule: Django's after-every-password-change hook revokes the user's API tokens (accounts/tokens.py).
    {"NAME": "accounts.tokens.ApiTokensRevokedOnPasswordChange"},
    # 等保 2.0: three of lowercase, uppercase, digits, other; none of the last five (accounts/password_validation.py).
    {"NAME": "accounts.password_validation.ComplexityValidator"},
    {"NAME": "accounts.password_validation.PasswordHistoryValidator"},
]
# One-time passwords given by the county's account pages are hashed cheaply (accounts/hashers.py) and
# re-hashed with the default at the first login.
PASSWORD_HASHERS = [*global_settings.PASSWORD_HASHERS, "accounts.hashers.OneTimePasswordHasher"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
SESSION_COOKIE_AGE = 30 * 60  # 30 idle minutes: requests renew it (accounts/sessions.py).
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Issue 15: an unchanged session is renewed at most once a minute (so it ends 29 to 30 idle minutes after
# the last request), read from Redis when REDIS_URL is set (cached_db), else from the database alone.
SESSION_ENGINE = "accounts.sessions"
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=15)
# A username is locked only from the address that failed (never everyone's 127.0.0.1 behind nginx): the
# client address is taken behind TRUSTED_PROXY_COUNT reverse proxies (accounts/client_address.py, README).
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "accounts.client_address.client_address"
AXES_LOCKOUT_CALLABLE = "accounts.login.lockout_response"  # JSON under /api/, the Chinese page elsewhere
AXES_RESET_ON_SUCCESS = True
# --- audit trail (audit app, django-auditlog) ------------------------------------------------
AUDITLOG_LOGENTRY_MODEL = "audit.AuditEntry"
# Its own LogEntry is swapped out: its migrations would still create auditlog_logentry, an empty table
# whose key to django_content_type makes PostgreSQL refuse the TRUNCATE of flush. Without migrations a
# swapped model gets no table.
MIGRATION_MODULES = {"auditlog": None}
# loaddata (a restore) writes rows back as they were: no "created" entries for them.
AUDITLOG_DISABLE_ON_RAW_SAVE = True
# Days an entry is kept; fewer than the legal six months is refused (audit.E001, audit_prune).
AUDIT_RETENTION_DAYS = env_int("AUDIT_RETENTION_DAYS", AUDIT_RETENTION_DEFAULT_DAYS)
ANONYMOUS_USER_NAME = None  # django-guardian: no anonymous object permissions
GUARDIAN_RAISE_403 = False

# --- i18n -----------------------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
# Chinese for the strings Django and django-axes leave in English (admin); read before their catalogues.
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- static files (served by the app itself: no CDN) ----------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env_str("MEDIA_ROOT") or BASE_DIR / "media")
MEDIA_URL = "media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("STATIC_MANIFEST", not DEBUG)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# --- REST API -------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "accounts.tokens.ApiTokenAuthentication",  # Authorization: Token <key>, one per device
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
        "accounts.permissions.PasswordChosen",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
}
# Days an API token (a phone's login) lasts before its device must log in again.
API_TOKEN_DAYS = env_int("API_TOKEN_DAYS", 30)
SPECTACULAR_SETTINGS = {
    "TITLE": "驻村通 API",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # The schema (/api/schema/) maps every endpoint: only for logged-in users (session or token).
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    # Several models have a field named "kind": each choice set gets a name of its own.
    "ENUM_NAME_OVERRIDES": {
        "LeaveKindEnum": "attendance.models.LeaveKind",
        "LogEntryKindEnum": "worklog.models.EntryKind",
    },
}

# --- security (check --deploy) --------------------------------------------------------------
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)  # the TLS terminator decides
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
# django-csp: no inline script, style or handler anywhere (templates use static/js and static/css;
# tests/test_csp.py scans the templates), no plug-ins, no framing, forms post only to the app itself.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [csp.SELF],
        "script-src": [csp.SELF],
        "style-src": [csp.SELF],
        "img-src": [csp.SELF],
        "object-src": [csp.NONE],
        "base-uri": [csp.SELF],
        "form-action": [csp.SELF],
        "frame-ancestors": [csp.NONE],
    }
}
SILENCED_SYSTEM_CHECKS = env_list("SILENCED_SYSTEM_CHECKS")

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "zhucun@localhost")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}
AXES_VERBOSE = False

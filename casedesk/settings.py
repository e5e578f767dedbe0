"""casedesk settings.

Everything comes from the environment, with defaults that run on a laptop with nothing set:
SQLite under ./data, the console e-mail backend, the team in New York working Mon–Fri 09:00–17:00.
Set DATABASE_URL, REDIS_URL, SECRET_KEY, ALLOWED_HOSTS … for the team's deployment (see README).
"""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from casedesk.env import (
    env_bool,
    env_email,
    env_float,
    env_hours_range,
    env_int,
    env_list,
    env_str,
    env_time,
    env_time_zone,
    env_weekdays,
)

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(env_str("CASEDESK_DATA_DIR", str(BASE_DIR / "data")))

DEBUG = env_bool("DEBUG", False)
_DEV_SECRET = "dev-only-insecure-key-do-not-use-in-production"
SECRET_KEY = env_str("SECRET_KEY", _DEV_SECRET if DEBUG else None)
if not SECRET_KEY or (not DEBUG and (SECRET_KEY == _DEV_SECRET or len(SECRET_KEY) < 40)):
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a random value of at least 40 characters when DEBUG is off "
        "(or set DEBUG=true for a local trial). Generate one with: "
        "python -c 'import secrets; print(secrets.token_urlsafe(50))'"
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "cases.admin_apps.CasedeskAdminConfig",  # django.contrib.admin, with the supervisors-only site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "django_htmx",
    "axes",
    "cases",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "cases.middleware.TeamOnlyMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, so that it sees the outcome of the login view.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "casedesk.urls"
WSGI_APPLICATION = "casedesk.wsgi.application"

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
                "cases.context_processors.casedesk",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------------------------
# SQLite in WAL mode with a busy timeout, and IMMEDIATE transactions so that two writers queue
# instead of failing with "database is locked" when one upgrades a read lock.
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    try:
        DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60))}
    except ValueError as exc:
        raise ImproperlyConfigured(f"Environment variable DATABASE_URL is not valid: {exc}")
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
else:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "casedesk.sqlite3",
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;",
            },
        }
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("TEST", {})["NAME"] = env_str("SQLITE_TEST_NAME", None)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Auth -----------------------------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "board"
LOGOUT_REDIRECT_URL = "login"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 60 * 60 * 12, minimum=60)

# Failed logins are throttled per user name and address (django-axes).
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = env_float("AXES_COOLOFF_MINUTES", 15, minimum=0) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_ENABLED = env_bool("AXES_ENABLED", True)
# Every login is recorded: successes in AccessLog, failures in AccessFailureLog (admin → "Axes").
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_ACCESS_FAILURE_LOG_PER_USER_LIMIT = 1000
# The log names who failed from where, so a supervisor can tell a typo from an attack (passwords never logged).
AXES_SENSITIVE_PARAMETERS = []

# --- Time and the team's clocks (PRODUCT.md "The clocks") ---------------------------------------
USE_TZ = True
TIME_ZONE = env_time_zone("CASEDESK_TIME_ZONE", "America/New_York")
LANGUAGE_CODE = "en-us"
USE_I18N = False

CASEDESK_WORKING_DAYS = env_weekdays("CASEDESK_WORKING_DAYS", "mon-fri")
CASEDESK_WORKING_HOURS = env_hours_range("CASEDESK_WORKING_HOURS", "09:00-17:00")
CASEDESK_RESPONSE_WINDOW_HOURS = env_float("CASEDESK_RESPONSE_WINDOW_HOURS", 72, minimum=1)
CASEDESK_DUE_SOON_HOURS = env_float("CASEDESK_DUE_SOON_HOURS", 24, minimum=0)
CASEDESK_ESCALATION_FOLLOW_UP_HOURS = env_float("CASEDESK_ESCALATION_FOLLOW_UP_HOURS", 48, minimum=1)
CASEDESK_STALE_AFTER_DAYS = env_float("CASEDESK_STALE_AFTER_DAYS", 5, minimum=1)
CASEDESK_DAILY_CASE_WARNING = env_int("CASEDESK_DAILY_CASE_WARNING", 10, minimum=1)
# Escalating (PRODUCT.md "Escalating"): the e-mail routes after the case thread, and when generic replies count.
CASEDESK_ESCALATE_AFTER_GENERIC_REPLIES = env_int("CASEDESK_ESCALATE_AFTER_GENERIC_REPLIES", 2, minimum=1)
CASEDESK_ESCALATION_EMAIL_ACCOUNT_HEALTH = env_email(
    "CASEDESK_ESCALATION_EMAIL_ACCOUNT_HEALTH", "seller-performance@amazon.com")
CASEDESK_ESCALATION_EMAIL_SELLER_SUPPORT = env_email(
    "CASEDESK_ESCALATION_EMAIL_SELLER_SUPPORT", "seller-support@amazon.com")
# The daily check is flagged as missed when a case is still unchecked at this time of a working day.
CASEDESK_CHECK_DEADLINE = env_time("CASEDESK_CHECK_DEADLINE", "12:00")

# --- Monitoring: Celery, the scheduled scan and its alerts (README "Monitoring and alerts") -----------
CASEDESK_SCAN_INTERVAL_MINUTES = env_int("CASEDESK_SCAN_INTERVAL_MINUTES", 5, minimum=1)
REDIS_URL = env_str("REDIS_URL")
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", REDIS_URL or "filesystem://")
if CELERY_BROKER_URL.startswith("filesystem://"):
    # The embedded broker: messages are files under DATA_DIR, so a laptop needs no broker server.
    _BROKER_DIR = DATA_DIR / "broker"
    for _folder in ("queue", "control"):
        (_BROKER_DIR / _folder).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_BROKER_DIR / "queue"),
        "data_folder_out": str(_BROKER_DIR / "queue"),
        "control_folder": str(_BROKER_DIR / "control"),
    }
else:
    # A short connect timeout, so that /healthz and a producer notice a dead Redis quickly instead of hanging.
    CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 3}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_IGNORE_RESULT = True  # the jobs record their outcome in the database; nobody reads results
CELERY_RESULT_BACKEND = None
CELERY_TIMEZONE = TIME_ZONE  # crontab entries (the morning digest) are read in the team's time zone
CELERY_ENABLE_UTC = True
CELERY_TASK_TIME_LIMIT = CASEDESK_SCAN_INTERVAL_MINUTES * 60 * 2
CELERY_TASK_SOFT_TIME_LIMIT = CASEDESK_SCAN_INTERVAL_MINUTES * 60 * 2 - 30
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_BEAT_SCHEDULE_FILENAME = str(DATA_DIR / "celerybeat-schedule")

# --- E-mail ----------------------------------------------------------------------------------------
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
# Where the file-based backend writes each e-mail (`make run` uses it: data/emails/).
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", str(DATA_DIR / "emails"))
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured("EMAIL_USE_TLS and EMAIL_USE_SSL cannot both be true: pick the one your server speaks.")
# Seconds one SMTP operation may block; the lease on an alert's e-mail must outlast a few of them.
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20, minimum=1)
CASEDESK_NOTIFY_LEASE_SECONDS = env_int("CASEDESK_NOTIFY_LEASE_SECONDS", 300, minimum=1)
if CASEDESK_NOTIFY_LEASE_SECONDS < 4 * EMAIL_TIMEOUT:
    raise ImproperlyConfigured(
        f"CASEDESK_NOTIFY_LEASE_SECONDS={CASEDESK_NOTIFY_LEASE_SECONDS} is too short for EMAIL_TIMEOUT={EMAIL_TIMEOUT}: "
        "a run renews its lease on an e-mail at half-time, so the lease must be at least 4 × EMAIL_TIMEOUT."
    )
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "casedesk <casedesk@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Static and uploaded files ----------------------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Attachments are served by a view that checks the login, never straight from MEDIA_URL.
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(DATA_DIR / "media")))
MEDIA_URL = "/media/"
CASEDESK_ATTACHMENT_MAX_MB = env_int("CASEDESK_ATTACHMENT_MAX_MB", 10, minimum=1)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- Security ----------------------------------------------------------------------------------------
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_TLS_PROXY", False) else None
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 60 * 60 * 24 * 365, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_EXPIRE_AT_BROWSER_CLOSE = env_bool("SESSION_EXPIRE_AT_BROWSER_CLOSE", False)

# Content-Security-Policy (django-csp): everything from our own origin, nothing inline, no eval.
# The templates keep their scripts and styles in static/ (htmx is configured by a <meta> tag, not a script).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

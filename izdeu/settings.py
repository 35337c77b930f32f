"""izdeu settings. Everything an operator may change comes from the environment (README, "Settings")."""

import re
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from izdeu.env import envbool, envint, envlist, envsecret, envstr, secret_from_local_file

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(
    envstr(
        "IZDEU_DATA_DIR",
        str(BASE_DIR.parent / "var"),
        "Folder for the SQLite database, generated local keys, uploads and collected static files.",
    )
)

DEBUG = envbool("IZDEU_DEBUG", False, "Show debugging pages. Never in production.")

SECRET_KEY = envsecret("IZDEU_SECRET_KEY", "Django's secret key (signs sessions and tokens).")
if not SECRET_KEY:
    SECRET_KEY = secret_from_local_file(DATA_DIR / "keys" / "secret_key", 50)

# The key that encrypts sensitive fields lives outside the database: in the environment, in a
# file on another volume, or (for a laptop) in a generated local file.
DATA_KEY = envsecret("IZDEU_DATA_KEY", "Key that encrypts sensitive fields at rest (base64, 32 bytes).")
DATA_KEY_IS_LOCAL = not DATA_KEY
if DATA_KEY_IS_LOCAL:
    DATA_KEY = secret_from_local_file(DATA_DIR / "keys" / "data_key", 32)
# Keys used before a rotation: they only decrypt, until `izdeu rotatekey` has re-encrypted everything.
DATA_KEY_PREVIOUS = re.split(
    r"[,\s]+", envsecret("IZDEU_DATA_KEY_PREVIOUS", "Earlier data keys, comma-separated: they only decrypt, until izdeu rotatekey ran.")
)
DATA_KEY_PREVIOUS = [key for key in DATA_KEY_PREVIOUS if key]

ALLOWED_HOSTS = envlist(
    "IZDEU_ALLOWED_HOSTS", ["127.0.0.1", "localhost"], "Host names this server answers to, comma-separated."
)
CSRF_TRUSTED_ORIGINS = envlist(
    "IZDEU_CSRF_TRUSTED_ORIGINS", [], "Origins allowed to post forms, e.g. https://izdeu.example.org."
)

INSTALLED_APPS = [
    # Our apps come first so that our management commands (compilemessages) take precedence.
    "izdeu.web",
    "izdeu.encryption",
    "izdeu.audit",
    "izdeu.backup",
    "izdeu.accounts",
    "izdeu.facilities",
    "izdeu.people",
    "izdeu.searches",
    "izdeu.lists",
    "izdeu.review",
    "izdeu.cases",
    "izdeu.notify",
    "izdeu.bot",
    "izdeu.demo",
    "izdeu.exports",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "ninja",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "izdeu.web.middleware.HardeningMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "izdeu.audit.log.AuditMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "izdeu.accounts.middleware.SessionLifetimeMiddleware",
    "izdeu.accounts.middleware.TwoFactorMiddleware",
    "izdeu.accounts.access.AccessMiddleware",
]

ROOT_URLCONF = "izdeu.urls"
WSGI_APPLICATION = "izdeu.wsgi.application"
ASGI_APPLICATION = "izdeu.asgi.application"

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
                "izdeu.web.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        envstr(
            "DATABASE_URL",
            f"sqlite:///{DATA_DIR / 'izdeu.sqlite3'}",
            "Database address; SQLite in the data folder by default, postgres://… in production.",
        ),
        conn_max_age=600,
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # The web server, the worker and imports write concurrently: wait rather than fail,
        # and take the write lock at the start of a transaction so waits cannot deadlock.
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:dashboard"
LOGOUT_REDIRECT_URL = "web:home"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",  # Argon2id
    # Only to check passwords hashed before Argon2; they are rehashed at the next sign-in.
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "izdeu.accounts.passwords.KeyboardLayoutPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = envstr("IZDEU_LANGUAGE", "kk", "Language for visitors whose browser asks for none of ours: kk, ru or en.")
LANGUAGES = [
    ("kk", _("Kazakh")),
    ("ru", _("Russian")),
    ("en", _("English")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["izdeu.formats"]
USE_I18N = True
TIME_ZONE = envstr("IZDEU_TIME_ZONE", "Asia/Almaty", "Time zone in which dates and times are shown.")
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "izdeu.encryption.storage.EncryptedFileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = DATA_DIR / "uploads"

CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    # How far a background load has got, written by the worker and read by the page that shows it.
    # Files, not the database: on SQLite the load holds the write lock until it ends. Counts only.
    "progress": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": DATA_DIR / "progress"},
}

# Backups are encrypted to public keys only: the server that makes them cannot read them.
BACKUP_RECIPIENTS = envlist(
    "IZDEU_BACKUP_RECIPIENTS", [], "Public age keys (age1…) that `izdeu backup` encrypts to, comma-separated."
)

# Served over HTTPS behind a reverse proxy that terminates TLS (README, "Deployment").
HTTPS = envbool("IZDEU_HTTPS", False, "True when izdeu is reached over HTTPS through a reverse proxy.")
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = 63072000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
# The __Host- prefix makes browsers refuse the cookie unless it is Secure, for this host only and
# for every path: no subdomain or plain-HTTP page can set or read it. Browsers reject it over
# plain HTTP, so a laptop without TLS uses plain names.
COOKIE_PREFIX = "__Host-" if HTTPS else ""
SESSION_COOKIE_NAME = f"{COOKIE_PREFIX}izdeu-session"
CSRF_COOKIE_NAME = f"{COOKIE_PREFIX}izdeu-csrf"
LANGUAGE_COOKIE_NAME = f"{COOKIE_PREFIX}izdeu-language"
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = LANGUAGE_COOKIE_SECURE = HTTPS
SESSION_COOKIE_HTTPONLY = CSRF_COOKIE_HTTPONLY = LANGUAGE_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = CSRF_COOKIE_SAMESITE = LANGUAGE_COOKIE_SAMESITE = "Lax"
# Sessions end when idle or old (izdeu/accounts/sessions.py); keys are stored hashed.
SESSION_ENGINE = "izdeu.accounts.session_store"
SESSION_IDLE_MINUTES = envint("IZDEU_SESSION_IDLE_MINUTES", 30, "A session ends after this many minutes without activity.")
SESSION_MAX_HOURS = envint("IZDEU_SESSION_MAX_HOURS", 12, "A session ends this many hours after signing in, however active.")
SESSION_COOKIE_AGE = SESSION_MAX_HOURS * 60 * 60
SECURE_CONTENT_TYPE_NOSNIFF = True
# Not "no-referrer": with it Chromium sends "Origin: null" on form posts, which the CSRF check
# must refuse. "same-origin" still sends nothing to any other site.
SECURE_REFERRER_POLICY = "same-origin"
CSRF_FAILURE_VIEW = "izdeu.web.views.csrf_failure"
X_FRAME_OPTIONS = "DENY"
# Everything comes from izdeu itself; no inline script or style is allowed to run.
SECURE_CSP = {
    "default-src": [CSP.NONE],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "manifest-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "object-src": [CSP.NONE],
}
MAX_UPLOAD_MB = envint("IZDEU_MAX_UPLOAD_MB", 50, "Largest request body accepted, in megabytes (list files included).")
FILE_UPLOAD_HANDLERS = ["izdeu.web.uploads.SizeLimitedUploadHandler", "django.core.files.uploadhandler.TemporaryFileUploadHandler"]
FILE_UPLOAD_MAX_MEMORY_SIZE = 0  # uploads go straight to a private temporary file, never held whole in memory
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700

MAILERS = {
    "default": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": envstr("IZDEU_EMAIL_HOST", "localhost", "SMTP server that sends email to requesters."),
            "port": envint("IZDEU_EMAIL_PORT", 25, "SMTP port."),
            "username": envstr("IZDEU_EMAIL_USER", "", "SMTP user name, if the server asks for one."),
            "password": envsecret("IZDEU_EMAIL_PASSWORD", "SMTP password."),
            "use_tls": envbool("IZDEU_EMAIL_TLS", False, "Use STARTTLS with the SMTP server."),
            "timeout": 30,
        },
    }
}
DEFAULT_FROM_EMAIL = envstr("IZDEU_EMAIL_FROM", "izdeu@localhost", "Sender address of izdeu's email.")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

SMS_GATEWAY_URL = envstr("IZDEU_SMS_GATEWAY_URL", "", "HTTP gateway that sends SMS (empty: SMS off).")
SMS_GATEWAY_TOKEN = envsecret("IZDEU_SMS_GATEWAY_TOKEN", "Bearer token for the SMS gateway.")
SMS_CALLBACK_NUMBER = envstr("IZDEU_SMS_CALLBACK_NUMBER", "", "Phone number an SMS tells requesters to call back.")
# Messages to requesters link to the status page at this address.
PUBLIC_URL = envstr("IZDEU_PUBLIC_URL", "http://127.0.0.1:8000", "Address at which requesters open izdeu, e.g. https://izdeu.example.org.")

TELEGRAM_BOT_TOKEN = envsecret("IZDEU_TELEGRAM_BOT_TOKEN", "Token of the Telegram bot (empty: bot off).")
TELEGRAM_API_URL = envstr(
    "IZDEU_TELEGRAM_API_URL", "https://api.telegram.org", "Address of Telegram's Bot API (or a local Bot API server)."
)
TELEGRAM_WEBHOOK_SECRET = envsecret("IZDEU_TELEGRAM_WEBHOOK_SECRET", "Secret Telegram sends with each webhook call.")

# Requests filed by the public (web form, Telegram bot) go to this organisation (izdeu/searches).
PUBLIC_ORGANISATION = envstr(
    "IZDEU_PUBLIC_ORGANISATION", "", "Name of the organisation that receives requests from the public (empty: the form is closed)."
)

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Audit log and retention (README, "Audit log" and "Retention").
AUDIT_READ_ALERT = envint(
    "IZDEU_AUDIT_READ_ALERT", 200, "Alert coordinators when one account reads more records about people than this in an hour."
)
# Parsed and checked at start by izdeu.audit.retention, which holds the table of defaults.
RETENTION_DAYS = envstr(
    "IZDEU_RETENTION_DAYS", "", "Retention periods overriding the defaults, e.g. morgue=3650,request_closed=180."
)

# Log lines say what happened and to which record id, never names, phone numbers or IINs.
# Paths are safe to log because personal data never goes into a URL.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": envstr("IZDEU_LOG_LEVEL", "INFO", "Log level: DEBUG, INFO, WARNING or ERROR.")},
}

NINJA_PAGINATION_PER_PAGE = 100
# Request bodies read whole (form fields, a JSON list sent to the API) have the upload limit too.
DATA_UPLOAD_MAX_MEMORY_SIZE = MAX_UPLOAD_MB * 1024 * 1024

"""Oasis settings, read from the environment.

Every default makes `make run` work on a machine with nothing installed; production
(`DJANGO_ENV=production`) refuses to start while any secret still has its default.
"""

from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import environ
from celery.schedules import crontab
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# --- Environment ---------------------------------------------------------------------
DJANGO_ENV = env.str("DJANGO_ENV", default="development")
if DJANGO_ENV not in {"development", "production"}:
    raise ImproperlyConfigured("DJANGO_ENV must be 'development' or 'production'.")
PRODUCTION = DJANGO_ENV == "production"

DEV_SECRET_KEY = "dev-only-insecure-secret-key-change-me-in-production-0123456789"
DEV_PHONE_PEPPER = "dev-only-phone-pepper"
# A valid Fernet key, public on purpose: development data only.
DEV_PHONE_ENCRYPTION_KEY = "ZGV2LW9ubHktcGhvbmUta2V5LW5vdC1zZWNyZXQtMDA="

SECRET_KEY = env.str("SECRET_KEY", default=DEV_SECRET_KEY)
PHONE_PEPPER = env.str("PHONE_PEPPER", default=DEV_PHONE_PEPPER)
PHONE_ENCRYPTION_KEY = env.str("PHONE_ENCRYPTION_KEY", default=DEV_PHONE_ENCRYPTION_KEY)
DEBUG = env.bool("DEBUG", default=not PRODUCTION)

if PRODUCTION:
    insecure = [
        name
        for name, value, default in (
            ("SECRET_KEY", SECRET_KEY, DEV_SECRET_KEY),
            ("PHONE_PEPPER", PHONE_PEPPER, DEV_PHONE_PEPPER),
            ("PHONE_ENCRYPTION_KEY", PHONE_ENCRYPTION_KEY, DEV_PHONE_ENCRYPTION_KEY),
        )
        if value == default
    ]
    if DEBUG:
        insecure.append("DEBUG")
    if insecure:
        raise ImproperlyConfigured(
            "Refusing to start in production with insecure settings: "
            + ", ".join(insecure)
        )
try:
    Fernet(PHONE_ENCRYPTION_KEY.encode())
except ValueError:
    raise ImproperlyConfigured(
        "PHONE_ENCRYPTION_KEY must be a Fernet key (32 url-safe base64-encoded bytes)."
    ) from None

ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS",
    default=[] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"],
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# --- Applications --------------------------------------------------------------------
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rules.apps.AutodiscoverRulesConfig",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.kakao",
    "allauth.socialaccount.providers.naver",
    "oasis.core",
    "oasis.accounts",
    "oasis.notifications",
    "oasis.staff",
    "oasis.opendata",
    "proposals",
    "proposals.reviews",
    "proposals.implementation",
    "voting",
    "voting.budgets",
    "kiosks",
]

MIDDLEWARE = [
    "oasis.core.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "oasis.core.middleware.RequestBodyLimitMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "oasis.accounts.middleware.RequireMfaForPrivilegedUsersMiddleware",
]

ROOT_URLCONF = "oasis.urls"
WSGI_APPLICATION = "oasis.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "oasis.notifications.context_processors.unread_notifications",
            ],
        },
    }
]

# --- Data ----------------------------------------------------------------------------
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
}
# A streaming replica of the primary, read only inside public_reads() blocks: public
# lists, statistics and open data (oasis/core/db_routers.py, docs/operations.md).
DATABASE_REPLICA_URL = env.str("DATABASE_REPLICA_URL", default="")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = env.db_url_config(DATABASE_REPLICA_URL)
    # Tests read the test database itself through this alias.
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    if DATABASES["replica"]["ENGINE"] == "django.db.backends.postgresql":
        # Give up quickly on an unreachable replica: its reads then use the primary.
        DATABASES["replica"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 2)
for _database in DATABASES.values():
    _database["ATOMIC_REQUESTS"] = False
    if _database["ENGINE"] == "django.db.backends.postgresql":
        _database["CONN_MAX_AGE"] = env.int("DB_CONN_MAX_AGE", default=60)
        _database["CONN_HEALTH_CHECKS"] = True
        # Korean search matches at trigram word similarity 0.4 (proposals/search.py).
        _database.setdefault("OPTIONS", {}).setdefault(
            "options", "-c pg_trgm.word_similarity_threshold=0.4"
        )
DATABASE_ROUTERS = ["oasis.core.db_routers.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="")
# A Redis that hangs costs a caller at most this long per command; after the first
# timeout or connection error the cache, the rate limits and task publishing skip Redis
# for REDIS_BREAKER_SECONDS (oasis.core.breaker), so no request waits on it again.
REDIS_SOCKET_TIMEOUT = env.float("REDIS_SOCKET_TIMEOUT", default=1.0)
REDIS_BREAKER_SECONDS = env.float("REDIS_BREAKER_SECONDS", default=30.0)
if REDIS_URL:
    CACHES = {
        "default": {
            # Swallows connection errors so that an unreachable Redis degrades
            # rate limits instead of breaking pages.
            "BACKEND": "oasis.core.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            # Sites (or test runs) sharing one Redis keep apart by a prefix.
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default=""),
            "OPTIONS": {
                "socket_connect_timeout": REDIS_SOCKET_TIMEOUT,
                "socket_timeout": REDIS_SOCKET_TIMEOUT,
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Sessions live in the database, so they survive a cache outage.
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# --- Files: uploads, object storage, request bodies ------------------------------------
# Uploaded images live on the local disk (one node; the app serves them under MEDIA_URL)
# or, with MEDIA_STORAGE=s3, in an S3 bucket that every web node and worker shares.
MEDIA_STORAGE = env.str("MEDIA_STORAGE", default="filesystem")
if MEDIA_STORAGE not in {"filesystem", "s3"}:
    raise ImproperlyConfigured("MEDIA_STORAGE must be 'filesystem' or 's3'.")
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))
# Stored names are random and never reused, so a file may be cached for a year.
MEDIA_CACHE_CONTROL = "public, max-age=31536000, immutable"
MEDIA_ORIGINS: list[str] = []  # where browsers fetch images from, besides the site


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


if MEDIA_STORAGE == "s3":
    _bucket = env.str("AWS_STORAGE_BUCKET_NAME", default="")
    if not _bucket:
        raise ImproperlyConfigured("MEDIA_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME.")
    _endpoint = env.str("AWS_S3_ENDPOINT_URL", default="") or None
    _public_base = env.str("MEDIA_PUBLIC_BASE_URL", default="").rstrip("/")
    _media_options = {
        "bucket_name": _bucket,
        "endpoint_url": _endpoint,
        "region_name": env.str("AWS_S3_REGION_NAME", default="") or None,
        # Unset keys: boto3 finds credentials itself (instance role, ~/.aws).
        "access_key": env.str("AWS_ACCESS_KEY_ID", default="") or None,
        "secret_key": env.str("AWS_SECRET_ACCESS_KEY", default="") or None,
        "addressing_style": env.str(
            "AWS_S3_ADDRESSING_STYLE", default="path" if _endpoint else "auto"
        ),
        "signature_version": "s3v4",
        "file_overwrite": False,
        "default_acl": None,
        "object_parameters": {"CacheControl": MEDIA_CACHE_CONTROL},
        "querystring_expire": env.int("AWS_QUERYSTRING_EXPIRE", default=3600),
    }
    if _public_base:
        # A public base (a CDN or the bucket's public address): plain URLs under it.
        _scheme, _domain = _public_base.split("://", 1)
        _media_options |= {
            "custom_domain": _domain,
            "url_protocol": f"{_scheme}:",
            "querystring_auth": False,
        }
        MEDIA_ORIGINS.append(_origin(_public_base))
    else:
        # A private bucket: every URL is signed and expires.
        _media_options["querystring_auth"] = True
        MEDIA_ORIGINS.append(
            _origin(_endpoint) if _endpoint else f"https://{_bucket}.s3.amazonaws.com"
        )
    _default_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": _media_options,
    }
else:
    _default_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": _default_storage,
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
# The largest request body accepted (one 10 MB photo and its form): larger ones are
# refused from their Content-Length before any of the body is read. The load
# balancer's client_max_body_size (deploy/nginx) is the same.
REQUEST_BODY_MAX_BYTES = 12 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = REQUEST_BODY_MAX_BYTES
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# --- Users and authentication --------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
# Argon2 first: a password stored with an older hasher is re-hashed at its next sign-in.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"

ACCOUNT_ADAPTER = "oasis.accounts.adapter.AccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "oasis.accounts.forms.SignupExtraForm"
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS = 3
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Oasis] "
ACCOUNT_RATE_LIMITS = {
    "login_failed": "5/5m/ip,5/5m/key",
    "signup": "20/h/ip",
    "reset_password": "20/m/ip,5/m/key",
    "confirm_email": "1/3m/key",
}
# Sign-up and password reset never reveal whether an address is registered: a sign-up
# with a taken address shows the usual "check your email" page and mails the owner that
# they already have an account; a reset for an unknown address looks like any other.
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = True
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Oasis"
# Staff and reviewers must set up an authenticator before anything else.
MFA_REQUIRED_FOR_PRIVILEGED = env.bool(
    "MFA_REQUIRED_FOR_PRIVILEGED", default=PRODUCTION
)
# Behind a load balancer, rate limits must key on the client's address, not the proxy's.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
# Or a single header a trusted load balancer sets to the client address (unset: none).
ALLAUTH_TRUSTED_CLIENT_IP_HEADER: str | None = None
SOCIALACCOUNT_ADAPTER = "oasis.accounts.adapter.SocialAccountAdapter"
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
# Kakao and Naver sign-ups go through the sign-up form too, so consent is recorded.
SOCIALACCOUNT_AUTO_SIGNUP = False
SOCIALACCOUNT_PROVIDERS = {}
SOCIAL_LOGIN_HOSTS = {
    "kakao": "https://kauth.kakao.com",
    "naver": "https://nid.naver.com",
}
for _provider in ("kakao", "naver"):
    _client_id = env.str(f"{_provider.upper()}_CLIENT_ID", default="")
    if _client_id:
        SOCIALACCOUNT_PROVIDERS[_provider] = {
            "APPS": [
                {
                    "client_id": _client_id,
                    "secret": env.str(f"{_provider.upper()}_CLIENT_SECRET", default=""),
                }
            ]
        }

# --- Rate limits ---------------------------------------------------------------------
# Every limit of oasis.core.throttle, by action: fixed windows of (count, seconds) per
# signed-in person ("user"), per client address ("ip", loose: a carrier puts many phones
# behind one address) and per kiosk device ("device"). Counted in the cache; while the
# cache is unreachable they let requests through. Texted codes have their own caps in
# the database (Phones and SMS below).
RATE_LIMITS = {
    # Agreements and retractions, on the web and in the API.
    "vote": {"user": (20, 60), "ip": (600, 60)},
    # A new idea (draft or published) and each publication of an idea.
    "proposal": {"user": (5, 3600), "ip": (100, 3600)},
    "publish": {"user": (5, 3600), "ip": (100, 3600)},
    "comment": {"user": (20, 600), "ip": (400, 600)},
    "report": {"user": (20, 3600), "ip": (400, 3600)},
    # Public API lists and searches: stops a scraper, not a busy app.
    "proposal_list": {"ip": (300, 60)},
    # Kiosks: per device credential; enrolment per address (no credential yet).
    "kiosk_handoff": {"device": (10, 60)},
    "kiosk_vote": {"device": (20, 600)},
    "kiosk_enroll": {"ip": (10, 600)},
}

# --- Phones and SMS ------------------------------------------------------------------
SMS_BACKEND = env.str("SMS_BACKEND", default="oasis.accounts.sms.LogSmsBackend")
# oasis.accounts.sms.HttpSmsBackend: the provider's JSON API (README, "Settings").
SMS_HTTP_URL = env.str("SMS_HTTP_URL", default="")
SMS_HTTP_API_KEY = env.str("SMS_HTTP_API_KEY", default="")
# The registered caller ID (발신번호 사전등록), required by Korean law.
SMS_SENDER_NUMBER = env.str("SMS_SENDER_NUMBER", default="")
SMS_HTTP_TIMEOUT = env.float("SMS_HTTP_TIMEOUT", default=5.0)
if PRODUCTION and SMS_BACKEND == "oasis.accounts.sms.HttpSmsBackend":
    _sms_missing = [
        name
        for name, value in (
            ("SMS_HTTP_URL (an https:// address)", SMS_HTTP_URL.startswith("https://")),
            ("SMS_HTTP_API_KEY", SMS_HTTP_API_KEY),
            ("SMS_SENDER_NUMBER", SMS_SENDER_NUMBER),
        )
        if not value
    ]
    if _sms_missing:
        raise ImproperlyConfigured(
            "Refusing to start in production: HttpSmsBackend needs "
            + ", ".join(_sms_missing)
        )
SMS_CODE_TTL = timedelta(minutes=5)
SMS_CODE_MAX_ATTEMPTS = 5
SMS_RESEND_AFTER = timedelta(seconds=60)
# Texts cost money and invite SMS pumping. One cap policy for every code
# (oasis.accounts.phone_codes), counted in the database so that the caps hold while the
# cache is down: per number, per account asking (after SMS_RESEND_AFTER, and a day's
# total) and per kiosk device asking.
SMS_CODES_PER_NUMBER_PER_10_MINUTES = 3
SMS_CODES_PER_NUMBER_PER_DAY = env.int("SMS_CODES_PER_NUMBER_PER_DAY", default=5)
SMS_CODES_PER_ACCOUNT_PER_DAY = env.int("SMS_CODES_PER_ACCOUNT_PER_DAY", default=10)
SMS_CODES_PER_KIOSK_PER_10_MINUTES = 10
# Seoul's own votes count one vote per verified phone.
VOTE_REQUIRES_PHONE = env.bool("VOTE_REQUIRES_PHONE", default=PRODUCTION)

# --- Email ---------------------------------------------------------------------------
# Django 6.1's MAILERS, built from one URL (smtp+tls://user:pass@host:587,
# consolemail://, filemail:///path). Production defaults to a local SMTP relay.
_email = env.email_url(
    "EMAIL_URL", default="smtp://localhost:25" if PRODUCTION else "consolemail://"
)
_mailer_options = {
    option: _email[name]
    for name, option in (
        ("EMAIL_HOST", "host"),
        ("EMAIL_PORT", "port"),
        ("EMAIL_HOST_USER", "username"),
        ("EMAIL_HOST_PASSWORD", "password"),
        ("EMAIL_USE_TLS", "use_tls"),
        ("EMAIL_USE_SSL", "use_ssl"),
        ("EMAIL_TIMEOUT", "timeout"),
    )
    if _email.get(name) is not None
}
if _email["EMAIL_BACKEND"].endswith(".smtp.EmailBackend"):
    _mailer_options.setdefault("timeout", 10)
elif _email["EMAIL_BACKEND"].endswith(".filebased.EmailBackend"):
    _mailer_options = {"file_path": "/" + _email["EMAIL_FILE_PATH"].lstrip("/")}
else:
    _mailer_options = {}
# Development backends print mail readably (8-bit text, not base64).
_email["EMAIL_BACKEND"] = {
    "django.core.mail.backends.console.EmailBackend": "oasis.core.mail.ConsoleEmailBackend",
    "django.core.mail.backends.filebased.EmailBackend": "oasis.core.mail.FileEmailBackend",
}.get(_email["EMAIL_BACKEND"], _email["EMAIL_BACKEND"])
MAILERS = {"default": {"BACKEND": _email["EMAIL_BACKEND"], "OPTIONS": _mailer_options}}
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="Oasis <no-reply@oasis.local>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Internationalisation ------------------------------------------------------------
LANGUAGE_CODE = "ko"
LANGUAGES = [("ko", _("Korean")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Seoul"
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"

# --- Security ------------------------------------------------------------------------
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:", "blob:", *MEDIA_ORIGINS],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    # Social sign-in posts to our own view, which redirects to the provider: browsers
    # apply form-action to that redirect, so a configured provider's host is allowed.
    "form-action": [
        CSP.SELF,
        *(SOCIAL_LOGIN_HOSTS[name] for name in SOCIALACCOUNT_PROVIDERS),
    ],
    "frame-ancestors": [CSP.NONE],
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie
if PRODUCTION:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    # Load balancers probe these over plain HTTP inside the network.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True

# --- API -----------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "oasis.core.api.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Oasis API",
    "DESCRIPTION": "Citizen proposals, agreements and kiosks.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Every language field (proposal, profile) shares one choice set: one schema name.
    "ENUM_NAME_OVERRIDES": {"LanguageEnum": "oasis.settings.LANGUAGES"},
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "oasis.core.api.document_error_responses",
    ],
}

# --- Background work -----------------------------------------------------------------
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_IGNORE_RESULT = True
# Workers consume "default" (`celery -A oasis worker -Q default`); more queues may follow.
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_QUEUE", default="default")
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A web request must not hang when Redis is down: publishing tries once and gives up
# quickly (the Redis breaker then skips the broker for a while); the outbox sweep picks
# up what was not queued. Workers' blocking reads wait up to a second (BRPOP), hence
# the broker's socket timeout of twice the cache's.
CELERY_BROKER_CONNECTION_TIMEOUT = REDIS_SOCKET_TIMEOUT
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": REDIS_SOCKET_TIMEOUT,
    "socket_timeout": 2 * REDIS_SOCKET_TIMEOUT,
    "max_retries": 0,
}
CELERY_TASK_PUBLISH_RETRY = False
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 0}
CELERY_BEAT_SCHEDULE = {
    "clear-expired-sessions": {
        "task": "oasis.core.tasks.clear_expired_sessions",
        "schedule": crontab(hour=4, minute=15),
    },
    "voting-close-expired-windows": {
        "task": "voting.tasks.close_expired_windows",
        "schedule": crontab(minute="*/15"),
    },
    "voting-refresh-trending-scores": {
        "task": "voting.tasks.refresh_trending_scores",
        "schedule": crontab(minute="*/10"),
    },
    "voting-release-anonymised-phones": {
        "task": "voting.tasks.release_anonymised_phones",
        "schedule": crontab(hour=4, minute=45),
    },
    # Images uploaded while the broker was down get their thumbnails.
    "proposals-sweep-thumbnails": {
        "task": "proposals.tasks.sweep_thumbnails",
        "schedule": timedelta(minutes=5),
    },
    # Kiosks: three missed 60 s heartbeats → offline, staff alerted.
    "kiosks-mark-offline": {
        "task": "kiosks.tasks.kiosks_mark_offline_task",
        "schedule": timedelta(seconds=60),
    },
    # Kiosks: SMS codes kept 1 day, finished hand-offs 30 days.
    "kiosks-purge-old": {
        "task": "kiosks.tasks.kiosks_purge_old_task",
        "schedule": crontab(hour=4, minute=30),
    },
}
# Notifications (README "Background schedules").
CELERY_BEAT_SCHEDULE |= {
    "notifications-sweep-outbox": {
        "task": "oasis.notifications.tasks.sweep_outbox",
        "schedule": timedelta(minutes=1),
    },
    "notifications-sweep-events": {
        "task": "oasis.notifications.tasks.sweep_events",
        "schedule": timedelta(minutes=1),
    },
    "notifications-daily-digest": {
        "task": "oasis.notifications.tasks.send_digests",
        "schedule": crontab(hour=8, minute=0),
        "args": ("daily",),
    },
    "notifications-weekly-digest": {
        "task": "oasis.notifications.tasks.send_digests",
        "schedule": crontab(day_of_week="mon", hour=8, minute=5),
        "args": ("weekly",),
    },
    "notifications-purge-old": {
        "task": "oasis.notifications.tasks.purge_old_notifications",
        "schedule": crontab(hour=3, minute=30),
    },
}

# Review: reminders before a round's deadline; answers past their due date.
CELERY_BEAT_SCHEDULE |= {
    "reviews-remind-reviewers": {
        "task": "proposals.reviews.tasks.remind_reviewers",
        "schedule": crontab(hour=9, minute=0),
    },
    "implementation-overdue-answers": {
        "task": "proposals.implementation.tasks.notify_overdue_answers",
        "schedule": crontab(hour=9, minute=30),
    },
}

# Statistics: /stats/ and the open data read aggregates, never the votes.
CELERY_BEAT_SCHEDULE |= {
    "opendata-refresh-statistics": {
        "task": "oasis.opendata.tasks.refresh_statistics",
        "schedule": crontab(minute="*/10"),
    },
    "opendata-rebuild-statistics": {
        "task": "oasis.opendata.tasks.rebuild_statistics",
        "schedule": crontab(hour=3, minute=50),
    },
}

# --- Logging -------------------------------------------------------------------------
# Production logs one JSON object a line (LOG_FORMAT=json); every line has the request id.
LOG_FORMAT = env.str("LOG_FORMAT", default="json" if PRODUCTION else "plain")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "oasis.core.logs.RequestIdFilter"}},
    "formatters": {
        "plain": {
            "format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"
        },
        "json": {"()": "oasis.core.logs.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if LOG_FORMAT == "json" else "plain",
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# --- Kiosks --------------------------------------------------------------------------
KIOSK_COOKIE_NAME = "oasis_kiosk"
KIOSK_ENROLLMENT_CODE_TTL = timedelta(hours=24)
# A hand-off must be opened on a phone this soon, then finished this soon after opening.
KIOSK_HANDOFF_OPEN_WITHIN = timedelta(seconds=120)
KIOSK_HANDOFF_FINISH_WITHIN = timedelta(minutes=15)
# Proposals appear on kiosks once they have been open this long.
KIOSK_PROPOSAL_MIN_AGE = timedelta(hours=24)

# --- Error reporting -----------------------------------------------------------------
# Sentry only when SENTRY_DSN is set; personal data is scrubbed before anything is sent.
SENTRY_DSN = env.str("SENTRY_DSN", default="")
if SENTRY_DSN:
    from oasis.core.sentry import sentry_init

    sentry_init(
        dsn=SENTRY_DSN,
        environment=DJANGO_ENV,
        release=env.str("SENTRY_RELEASE", default=""),
    )

# --- Oasis ---------------------------------------------------------------------------
# An email whose relay reply was lost (timeout, dropped connection, dead worker) may have
# been delivered: it is sent once more, with the same Message-ID, only after this long.
NOTIFICATIONS_RESEND_AFTER_SECONDS = env.int(
    "NOTIFICATIONS_RESEND_AFTER_SECONDS", default=30 * 60
)
OASIS_SITE_NAME = "Oasis"
# An answer is owed this many days after a proposal enters review.
REVIEW_ANSWER_DUE_DAYS = env.int("REVIEW_ANSWER_DUE_DAYS", default=30)
# Reviewers with unsubmitted scores hear this many days before the deadline.
REVIEW_REMINDER_DAYS = 2
# Notifications: the outbox sweep sends deliveries still pending after this long;
# in-app notifications are kept this many days.
NOTIFICATIONS_SWEEP_AFTER_SECONDS = 120
# Events are fanned out in pages of this many recipients; an event whose fan-out has
# not finished after NOTIFICATIONS_FANOUT_SWEEP_AFTER_SECONDS is resumed by the sweep.
NOTIFICATIONS_FANOUT_BATCH = 1000
NOTIFICATIONS_FANOUT_SWEEP_AFTER_SECONDS = 60
NOTIFICATIONS_RETENTION_DAYS = 365
# Absolute links in emails and text messages.
OASIS_SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

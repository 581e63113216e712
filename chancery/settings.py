"""Settings of Chancery, read from the environment with safe defaults for development.

Environment variables (all optional in development):
  DATABASE_URL                 database; default SQLite file var/chancery.sqlite3, e.g. postgres://user@host/db
  CHANCERY_DEBUG               "1" to run in debug mode (make run sets it); default off
  CHANCERY_SECRET_KEY          secret key; default a random key kept in var/secret_key
  CHANCERY_ALLOWED_HOSTS       comma-separated host names; default localhost names
  CHANCERY_SECURE_COOKIES      "1" behind HTTPS (secure cookies, HSTS); default on when not DEBUG
  CHANCERY_SSL_REDIRECT        "1" to redirect plain HTTP to HTTPS; default as CHANCERY_SECURE_COOKIES
  CHANCERY_SESSION_IDLE_MINUTES  idle minutes before a session expires; default 30
  CHANCERY_LOCKOUT_FAILURES    failed logins with one user name from one address before that pair is
                               locked (the person can still log in from elsewhere); default 5
  CHANCERY_LOCKOUT_MINUTES     how long a first lockout lasts; each further lockout of the same pair within
                               CHANCERY_LOCKOUT_MAX_HOURS lasts twice as long; default 15
  CHANCERY_LOCKOUT_MAX_HOURS   the longest lockout, and how long failures are remembered; default 24
  CHANCERY_API_TOKEN_DAYS      lifetime of an API token; default 30
  CHANCERY_API_TOKEN_IDLE_DAYS  an API token unused for this many days stops working; default 7
  CHANCERY_API_TOKEN_SECOND_FACTOR_HOURS  lifetime of the API token of a person who must use two-step
                               login (issued only after it, and read-only); default 8
  CHANCERY_PASSWORD_LINK_HOURS  lifetime of the one-time link with which a person sets a new password after a
                               confirmed reset of a protected account; default 24
  CHANCERY_EMAIL_BACKEND       Django mail backend; default the console (mail printed, not sent)
  CHANCERY_EMAIL_HOST/_PORT/_USER/_PASSWORD/_TLS   SMTP server when the backend is SMTP
  CHANCERY_EMAIL_FROM          sender of notification emails; default chancery@localhost
  CHANCERY_SITE_URL            the address staff open, for links in emails; default http://127.0.0.1:8000
  CHANCERY_TASKS               where background jobs queue: "database" (default, one machine, run
                               `chancery db_worker`) or "redis" (many workers: `chancery rqworker
                               --job-class django_tasks_rq.Job default`); "immediate" runs them in-process
  CHANCERY_REDIS_URL           Redis for CHANCERY_TASKS=redis; default redis://127.0.0.1:6379/0
  CHANCERY_VAR_DIR             where the SQLite file, secret key and uploads live; default ./var (made
                               readable by its owner only: mode 0700)
  CHANCERY_AUDIT_KEY           key of the audit trail's MACs, seals and checkpoints; default a random key
                               kept in var/audit_key (keep a copy apart from the database and its backups)
  CHANCERY_AUDIT_CHECKPOINTS   file the audit chain's signed checkpoints are appended to, outside the
                               database (on storage every app process and worker shares, ideally append-only
                               or copied off the machine); default var/audit_checkpoints.jsonl
  CHANCERY_AUDIT_CHECKPOINT_SECONDS  a seal writes a checkpoint when the last is older than this; default 60
                               (0: after every seal); `chancery audit checkpoint` writes one at once
  CHANCERY_AUDIT_CHECKPOINT_LOG  "1" to log every checkpoint too (logger chancery.audit.checkpoint, INFO),
                               for a copy in a log store the database's owner cannot rewrite; default off
  CHANCERY_BACKUP_PASSPHRASE   passphrase of `chancery backup --include-keys` and of restoring such a backup
                               (or --passphrase-file); at least 12 characters
  CHANCERY_PETITIONS_UNIT      code of the unit that receives petitions; default phong-don-thu
  CHANCERY_CLERICAL_UNIT       code of the unit that keeps the document registers; default phong-van-thu
  CHANCERY_REPORT_UNITS        codes (comma-separated) of the units that prepare the office's reports and
                               read its dashboards besides the leadership and heads; default vu-tong-hop
  CHANCERY_HONOURS_UNITS       codes of the units (with the units under them) whose staff open honours
                               batches, import their lists and appraise them, and the heads of the units
                               above them; default vu-khen-thuong
  CHANCERY_AMNESTY_UNITS       the same for amnesty campaigns; default phong-dac-xa (Phòng Đặc xá, and the
                               head of Vụ Tư pháp over it; not Phòng Tiếp công dân beside it)
  CHANCERY_AGENCY_CODE         the Office's code in the national list of agency codes, by which documents
                               are exchanged electronically (QCVN 102:2016); the default is a placeholder
  CHANCERY_SCAN_SEPARATORS     what the barcode of a separator sheet between two documents of a scan says,
                               comma-separated; default CHANCERY-TACH (the sheet printed from the scan page)
  CHANCERY_SIGNING_PKCS12      the Office's signing certificate and key (PKCS#12 file) for issued PDFs
  CHANCERY_SIGNING_PASSPHRASE  its passphrase
  CHANCERY_PRESIDENT_SIGNING_PKCS12, CHANCERY_PRESIDENT_SIGNING_PASSPHRASE  the State President's seal
                               (PKCS#12 file, kept by the Office) for what is issued in the President's name
  CHANCERY_TRUSTED_ROOTS       folder of PEM root certificates a received signature may chain to
  CHANCERY_REMOTE_SIGNER       dotted path of a function (user) -> RemoteSigner or None: the signers' keys at
                               a remote signing service (chancery.documents.signing.RemoteSigner)
  CHANCERY_SIGNER_CERTIFICATES folder of the signers' PKCS#12 files, `<user name>.p12`, for those the remote
                               service does not serve
  CHANCERY_SIGNER_PASSPHRASE   their passphrase
  CHANCERY_OFFICE_NAME         the office's name in every page's title and on the login page; default
                               "Văn phòng Chủ tịch nước"
  CHANCERY_LIST_HELPER         "1": a long honours or amnesty list is parsed and appraised on a second
                               process as well (chancery.appraisal.parallel); default off
  CHANCERY_IMPORT_MAX_MB       largest Excel list an import job accepts, in MB; default 100 (its parts
                               may expand to 8 times that)
  CHANCERY_SEARCH_BACKEND      the search's engine (chancery.search.backends): "postgres", "sqlite" or the
                               dotted path of a SearchBackend subclass; default the database's own
  CHANCERY_SIGNING_TEST_CERTIFICATE  "1" to sign with test certificates (the Office's, and each signer's
                               without a key) made under var/signing when no PKCS#12 is set; default on in
                               debug mode only
  CHANCERY_LOG_LEVEL           level of the logs (standard error); default WARNING
  CHANCERY_LOG_FORMAT          "json" (default outside debug mode: one object a line) or "text"
  CHANCERY_REQUEST_LOG         "1" to log every request at INFO; default on outside debug mode
  CHANCERY_TRUSTED_PROXIES     addresses of the reverse proxies in front (comma-separated); default
                               this machine
  CHANCERY_CACHE_URL           Redis for the shared cache; default the job queue's Redis when
                               CHANCERY_TASKS=redis, else a cache in the process's memory
  CHANCERY_METRICS_ALLOW       addresses (comma-separated) that may read /metrics besides the machine itself
  CHANCERY_METRICS_TOKEN       a bearer token that may read /metrics from anywhere
  CHANCERY_STATIC_MANIFEST     "0" to serve static files without the collectstatic manifest outside debug
                               mode (tests); default on
  CHANCERY_DB_CONN_MAX_AGE     seconds an app process keeps a database connection; default 60
  PROMETHEUS_MULTIPROC_DIR     a folder shared by the app processes and workers of one machine, emptied
                               at start, for their summed metrics (chancery/ops/metrics.py)
  CHANCERY_LETTER_FONT_DIR     folder with the office's letter font (times.ttf, timesbd.ttf, timesi.ttf) for
                               PDF letters; default the system's DejaVu or Liberation Serif with Vietnamese
"""

import contextlib
import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url


def _env_flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent
VAR_DIR = Path(os.environ.get("CHANCERY_VAR_DIR", PROJECT_DIR / "var"))
VAR_DIR.mkdir(mode=0o700, parents=True, exist_ok=True)


def _owner_only(path: Path, mode: int) -> None:
    """Narrow an existing path of this user's to `mode` (the var directory holds the SQLite database, the
    keys and the stored files: readable by the app's user only); one of another user's is left as it is."""
    try:
        if path.exists() and path.stat().st_uid == os.getuid() and path.stat().st_mode & 0o777 != mode:
            path.chmod(mode)
    except OSError:
        pass


_owner_only(VAR_DIR, 0o700)

DEBUG = _env_flag("CHANCERY_DEBUG", False)


def _secret_key() -> str:
    """The secret key from the environment, else one generated once and kept in var/secret_key."""
    if key := os.environ.get("CHANCERY_SECRET_KEY"):
        return key
    path = VAR_DIR / "secret_key"
    if not path.exists():
        try:  # made readable by its owner only before the key is written into it
            with os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w") as out:
                out.write(secrets.token_urlsafe(64))
        except FileExistsError:
            pass  # another process made it first
    return path.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = [
    h.strip() for h in os.environ.get("CHANCERY_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]").split(",") if h
]

INSTALLED_APPS = [
    "chancery.core.apps.ChanceryAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_tasks",
    "django_tasks_db",
    "django_rq",
    "django_prometheus",
    "chancery.core",
    "chancery.casework",
    "chancery.search",
    "chancery.petitions",
    "chancery.documents",
    "chancery.appraisal",
    "chancery.honours",
    "chancery.amnesty",
    "chancery.legislation",
    "chancery.diplomacy",
    "chancery.programme",
    "chancery.ops",
]

CSRF_FAILURE_VIEW = "chancery.core.views.csrf_failure"
MIDDLEWARE = [
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "chancery.ops.middleware.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    *([] if DEBUG else ["whitenoise.middleware.WhiteNoiseMiddleware"]),  # runserver serves them in debug
    "chancery.core.middleware.PermissionsPolicyMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "chancery.core.middleware.OfficeLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "chancery.core.middleware.SecondFactorMiddleware",
    "chancery.core.middleware.AuditContextMiddleware",
    "chancery.core.middleware.SecretOpeningMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "chancery.core.middleware.FriendlyNotFoundMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]

ROOT_URLCONF = "chancery.urls"
WSGI_APPLICATION = "chancery.wsgi.application"

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
                "chancery.core.navigation.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'chancery.sqlite3'}",
        conn_max_age=int(os.environ.get("CHANCERY_DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while one writer commits; IMMEDIATE takes the write lock at BEGIN so two
    # writers queue instead of failing with "database is locked" half way through a transaction.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # The database file made readable by its owner only before SQLite first opens it (SQLite gives its WAL
    # and shared-memory files the file's mode); an existing one narrowed.
    _database_file = str(DATABASES["default"]["NAME"])
    if _database_file and _database_file != ":memory:" and not _database_file.startswith("file:"):
        with contextlib.suppress(OSError):  # it exists (narrowed below), or its folder does not yet
            os.close(os.open(_database_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        for _suffix in ("", "-wal", "-shm"):
            _owner_only(Path(_database_file + _suffix), 0o600)
else:
    # A persistent connection is checked before each request reuses it: after the database restarts, the
    # next request opens a new connection instead of failing on the dead one.
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
CHANCERY_PETITIONS_UNIT = os.environ.get("CHANCERY_PETITIONS_UNIT", "phong-don-thu")
CHANCERY_CLERICAL_UNIT = os.environ.get("CHANCERY_CLERICAL_UNIT", "phong-van-thu")


def _codes(name: str, default: str) -> tuple[str, ...]:
    return tuple(code.strip() for code in os.environ.get(name, default).split(",") if code.strip())


CHANCERY_REPORT_UNITS = _codes("CHANCERY_REPORT_UNITS", "vu-tong-hop")
# The units that handle honours nominations and amnesty dossiers (with the units under them): only their
# staff open a batch or a campaign, import its lists and start its appraisal
CHANCERY_HONOURS_UNITS = _codes("CHANCERY_HONOURS_UNITS", "vu-khen-thuong")
CHANCERY_AMNESTY_UNITS = _codes("CHANCERY_AMNESTY_UNITS", "phong-dac-xa")
# The office's name as staff see it: in every page's title and on the login page
CHANCERY_OFFICE_NAME = os.environ.get("CHANCERY_OFFICE_NAME", "Văn phòng Chủ tịch nước")
# The search's engine (chancery.search.backends); "" is the database's own
CHANCERY_SEARCH_BACKEND = os.environ.get("CHANCERY_SEARCH_BACKEND", "")
CHANCERY_AGENCY_CODE = os.environ.get("CHANCERY_AGENCY_CODE", "000.00.00.A02")
CHANCERY_SCAN_SEPARATORS = tuple(
    code.strip()
    for code in os.environ.get("CHANCERY_SCAN_SEPARATORS", "CHANCERY-TACH").split(",")
    if code.strip()
)
CHANCERY_SIGNING_PKCS12 = os.environ.get("CHANCERY_SIGNING_PKCS12", "")
CHANCERY_SIGNING_PASSPHRASE = os.environ.get("CHANCERY_SIGNING_PASSPHRASE", "")
CHANCERY_PRESIDENT_SIGNING_PKCS12 = os.environ.get("CHANCERY_PRESIDENT_SIGNING_PKCS12", "")
CHANCERY_PRESIDENT_SIGNING_PASSPHRASE = os.environ.get("CHANCERY_PRESIDENT_SIGNING_PASSPHRASE", "")
CHANCERY_TRUSTED_ROOTS = os.environ.get("CHANCERY_TRUSTED_ROOTS", "")
CHANCERY_REMOTE_SIGNER = os.environ.get("CHANCERY_REMOTE_SIGNER", "")
CHANCERY_SIGNER_CERTIFICATES = os.environ.get("CHANCERY_SIGNER_CERTIFICATES", "")
CHANCERY_SIGNER_PASSPHRASE = os.environ.get("CHANCERY_SIGNER_PASSPHRASE", "")
CHANCERY_SIGNING_TEST_CERTIFICATE = _env_flag("CHANCERY_SIGNING_TEST_CERTIFICATE", DEBUG)
# The audit chain's end is anchored outside the database: signed checkpoints appended to this file (and,
# with CHANCERY_AUDIT_CHECKPOINT_LOG, to the log); `chancery audit verify` checks the chain reaches them.
CHANCERY_AUDIT_CHECKPOINTS = Path(
    os.environ.get("CHANCERY_AUDIT_CHECKPOINTS") or VAR_DIR / "audit_checkpoints.jsonl"
)
CHANCERY_AUDIT_CHECKPOINT_SECONDS = int(os.environ.get("CHANCERY_AUDIT_CHECKPOINT_SECONDS", "60"))
# An Excel list uploaded for an import job: its size, and what its ZIP parts may expand to (a workbook of
# 100,000 rows is about 15 MB and expands about tenfold; a "zip bomb" expands a thousandfold).
CHANCERY_IMPORT_MAX_BYTES = int(os.environ.get("CHANCERY_IMPORT_MAX_MB", "100")) * 1024 * 1024
CHANCERY_LIST_HELPER = _env_flag("CHANCERY_LIST_HELPER", False)
CHANCERY_IMPORT_MAX_EXPANDED_BYTES = 8 * CHANCERY_IMPORT_MAX_BYTES

AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "core:login"
LOGIN_REDIRECT_URL = "core:dashboard"
LOGOUT_REDIRECT_URL = "core:login"

# Lockout after repeated failures (django-axes), by user name AND address together: whoever guesses a
# person's password is stopped, but cannot lock the person out from the person's own machine (a lockout by
# name alone let anyone lock any account, the President's included, with 5 wrong passwords; one by address
# alone would lock out a whole office behind one gateway). Each further lockout of the same pair lasts twice
# as long, up to CHANCERY_LOCKOUT_MAX_HOURS (chancery.core.lockout), and administrators are alerted.
AXES_FAILURE_LIMIT = int(os.environ.get("CHANCERY_LOCKOUT_FAILURES", "5"))
CHANCERY_LOCKOUT_BASE = timedelta(minutes=int(os.environ.get("CHANCERY_LOCKOUT_MINUTES", "15")))
CHANCERY_LOCKOUT_MAX = timedelta(hours=int(os.environ.get("CHANCERY_LOCKOUT_MAX_HOURS", "24")))
AXES_COOLOFF_TIME = "chancery.core.lockout.cool_off"
AXES_HANDLER = "chancery.core.lockout.LockoutHandler"
AXES_USE_ATTEMPT_EXPIRATION = True  # each pair expires on its own back-off, not on another request's
AXES_ENABLE_ACCESS_FAILURE_LOG = True  # the memory of earlier lockouts, for the back-off
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "chancery.core.lockout.lockout_address"  # the person's address behind the proxy
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "chancery.core.views.locked_out"
AXES_VERBOSE = False

# API tokens (chancery.core.tokens): a lifetime, an idle limit, and a short read-only lifetime for people who
# must use two-step login.
CHANCERY_API_TOKEN_DAYS = int(os.environ.get("CHANCERY_API_TOKEN_DAYS", "30"))
CHANCERY_API_TOKEN_IDLE_DAYS = int(os.environ.get("CHANCERY_API_TOKEN_IDLE_DAYS", "7"))
CHANCERY_API_TOKEN_SECOND_FACTOR_HOURS = int(os.environ.get("CHANCERY_API_TOKEN_SECOND_FACTOR_HOURS", "8"))
# The one-time link to set a new password after a confirmed reset (chancery.core.password_links).
CHANCERY_PASSWORD_LINK_HOURS = int(os.environ.get("CHANCERY_PASSWORD_LINK_HOURS", "24"))

# Sessions expire after a period without activity, and when the browser closes.
SESSION_COOKIE_AGE = int(os.environ.get("CHANCERY_SESSION_IDLE_MINUTES", "30")) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

SECURE_COOKIES = _env_flag("CHANCERY_SECURE_COOKIES", not DEBUG)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
# Plain HTTP is redirected to HTTPS when cookies are secure (the proxy says which it was, below), except the
# probes and metrics, which the load balancer and Prometheus reach on the inside.
SECURE_SSL_REDIRECT = _env_flag("CHANCERY_SSL_REDIRECT", SECURE_COOKIES)
SECURE_REDIRECT_EXEMPT = [r"^health/", r"^metrics$"]
SECURE_HSTS_SECONDS = 31536000 if SECURE_COOKIES else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_COOKIES
SECURE_HSTS_PRELOAD = SECURE_COOKIES
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy: nothing from any other origin, no inline script.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# dd/mm/yyyy shown and read in every language (chancery/formats/)
FORMAT_MODULE_PATH = ["chancery.formats"]
LANGUAGE_COOKIE_NAME = "chancery_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("CHANCERY_STATIC_ROOT", VAR_DIR / "static"))
NODE_MODULES = PROJECT_DIR / "node_modules"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", NODE_MODULES / "bootstrap" / "dist"),
    ("vendor/bootstrap-icons", NODE_MODULES / "bootstrap-icons" / "font"),
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
    ("vendor/chartjs", NODE_MODULES / "chart.js" / "dist"),
]
# Static files are served by the app processes themselves (WhiteNoise): compressed, and under names that
# carry a hash of their content so browsers keep them for a year. Outside debug mode they are the output of
# `chancery collectstatic` (the manifest); a reverse proxy may serve STATIC_ROOT directly instead.
STORAGES = {
    "default": {"BACKEND": "chancery.core.storage.SafeFileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG or not _env_flag("CHANCERY_STATIC_MANIFEST", True)
        else "whitenoise.storage.CompressedManifestStaticFilesStorage",
        # public files a reverse proxy may serve: not the stored files' private modes
        "OPTIONS": {"file_permissions_mode": 0o644, "directory_permissions_mode": 0o755},
    },
}
WHITENOISE_KEEP_ONLY_HASHED_FILES = True
MEDIA_ROOT = Path(os.environ.get("CHANCERY_MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media/"
# Stored files (records' attachments, exports of the registers) readable by the app's user only.
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "chancery.core.tokens.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_SCHEMA_CLASS": "chancery.core.api_schema.AutoSchema",
    "EXCEPTION_HANDLER": "chancery.core.api_errors.exception_handler",
    "DEFAULT_PAGINATION_CLASS": "chancery.core.api_pagination.KeysetPagination",
    "PAGE_SIZE": 50,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Chancery API",
    "DESCRIPTION": "REST API of Chancery, the digital office of the Office of the State President. "
    "Authenticate with `Authorization: Token <key>`; errors are JSON with a stable `code` and a "
    "Vietnamese `message`.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "chancery.core.api_schema.document_errors",
    ],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "NotificationKindEnum": "chancery.core.models.NotificationKind",
        "UnitKindEnum": "chancery.core.models.UnitKind",
        "PetitionKindEnum": "chancery.petitions.models.PetitionKind",
        "PetitionFieldEnum": "chancery.petitions.models.Field",
        "PetitionChannelEnum": "chancery.petitions.models.Channel",
        "SecrecyLevelEnum": "chancery.core.models.SecrecyLevel",
        "DocumentMediumEnum": "chancery.documents.models.Medium",
        "NominationVerdictEnum": "chancery.honours.models.Verdict",
        "DuplicateVerdictEnum": "chancery.petitions.models.LinkVerdict",
        "AmnestyVerdictEnum": "chancery.amnesty.models.Verdict",
        "CouncilOpinionEnum": "chancery.amnesty.models.CouncilOpinion",
        "StatuteKindEnum": "chancery.legislation.rules.KIND_CHOICES",
        "TreatyKindEnum": "chancery.diplomacy.rules.KIND_CHOICES",
        "EventKindEnum": "chancery.diplomacy.rules.EVENT_KINDS",
        "ProgrammePeriodEnum": "chancery.programme.rules.PERIOD_CHOICES",
        "ReportKindEnum": "chancery.programme.models.Report.KINDS",
        "TaskSourceEnum": "chancery.programme.rules.SOURCE_CHOICES",
    },
}

OTP_TOTP_ISSUER = "VPCTN"  # the name the authenticator app shows beside the code
# Users at or above this clearance must use a second factor (1 Mật, 2 Tối mật, 3 Tuyệt mật).
CHANCERY_SECOND_FACTOR_FROM_CLEARANCE = 2

EMAIL_BACKEND = os.environ.get("CHANCERY_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("CHANCERY_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("CHANCERY_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("CHANCERY_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("CHANCERY_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = _env_flag("CHANCERY_EMAIL_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("CHANCERY_EMAIL_FROM", "chancery@localhost")
SITE_URL = os.environ.get("CHANCERY_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Background jobs: Django's tasks API (the django-tasks backport on Django 5.2).
TASK_QUEUE = os.environ.get("CHANCERY_TASKS", "database")
REDIS_URL = os.environ.get("CHANCERY_REDIS_URL", "redis://127.0.0.1:6379/0")
_TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "redis": "django_tasks_rq.RQBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[TASK_QUEUE], "QUEUES": ["default"]}}
RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 3600}}

# Logs go to standard error, one JSON object a line outside debug mode (CHANCERY_LOG_FORMAT=text for plain
# lines); every request is logged at INFO with its id, view, status and time (chancery.ops.middleware).
LOG_FORMAT = os.environ.get("CHANCERY_LOG_FORMAT", "text" if DEBUG else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(process)d %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger", "process": "pid"},
        },
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": os.environ.get("CHANCERY_LOG_LEVEL", "WARNING")},
    "loggers": {
        "chancery.request": {
            "level": "INFO" if _env_flag("CHANCERY_REQUEST_LOG", not DEBUG) else "WARNING",
        },
        "chancery.audit.checkpoint": {
            "level": "INFO" if _env_flag("CHANCERY_AUDIT_CHECKPOINT_LOG", False) else "WARNING",
        },
    },
}

# The processes of one machine sum their metrics through files in this folder (chancery/ops/metrics.py).
if _metrics_dir := os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
    Path(_metrics_dir).mkdir(parents=True, exist_ok=True)

# The reverse proxies in front of the app (nginx on the same machine by default): behind them, a person's
# address is read from X-Forwarded-For (chancery.core.audit.client_address).
CHANCERY_TRUSTED_PROXIES = tuple(
    a.strip() for a in os.environ.get("CHANCERY_TRUSTED_PROXIES", "127.0.0.1,::1").split(",") if a.strip()
)

# One cache shared by every app process (the public form's limits, the forecasts): Redis in production
# (CHANCERY_CACHE_URL, or the job queue's Redis when CHANCERY_TASKS=redis); in memory on one process.
CACHE_URL = os.environ.get("CHANCERY_CACHE_URL", REDIS_URL if TASK_QUEUE == "redis" else "")
CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": "chancery",
        }
        if CACHE_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# Who may read /metrics besides the machine itself: addresses (comma-separated) and a bearer token.
CHANCERY_METRICS_ALLOW = tuple(
    a.strip() for a in os.environ.get("CHANCERY_METRICS_ALLOW", "").split(",") if a.strip()
)
CHANCERY_METRICS_TOKEN = os.environ.get("CHANCERY_METRICS_TOKEN", "")

# (axes.W006, "lock by address too", was silenced while lockouts were by user name alone; they are now by
# user name and address together, which that check accepts.)
SILENCED_SYSTEM_CHECKS: list[str] = []

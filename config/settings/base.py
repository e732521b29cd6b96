"""Settings shared by every environment. Everything that differs between machines comes
from environment variables (DATABASE_URL, REDIS_URL, ELASTICSEARCH_URL, SECRET_KEY...)."""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent
SITE_DIR = BASE_DIR / "site"  # templates and static files; not a Python package (see README)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "").split(",") if h]

INSTALLED_APPS = [
    "core",
    "home",
    "movements",
    "exemplars",
    "news",
    "documents",
    "search",
    "translations",
    "feeds",
    "newsroom",
    "participation",
    "newsletter",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.settings",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.routable_page",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "ninja",  # /api/docs takes Swagger UI from our static files, not from a CDN
    "csp",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Outside everything that may answer early (the page cache, a 400), so no answer lacks them.
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",  # static files: precompressed, cached a year
    "core.middleware.SafeCompressionMiddleware",
    "core.frontcache.PrivateByDefaultMiddleware",
    "core.middleware.RefuseControlCharactersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "core.cache.PublicPageCacheMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # A few English words Wagtail's admin templates print unmarked (translations/middleware.py).
    "translations.middleware.AdminUnmarkedStringsMiddleware",
    "core.middleware.AdminFramingMiddleware",
    # Last, as django-axes asks: it answers a locked-out login with its own page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SITE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "core.context_processors.site_navigation",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

# SQLite by default (no service needed); PostgreSQL in production via DATABASE_URL.
DATABASES = {"default": dj_database_url.config(default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}", conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    INSTALLED_APPS.append("django.contrib.postgres")
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True  # a restarted server costs one request nothing
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The web server, the worker and commands from a shell share one file: readers never wait
    # for a writer (WAL), a writer waits for another (busy timeout) instead of failing with
    # "database is locked", and a transaction takes the write lock when it starts (IMMEDIATE),
    # so it cannot fail later when it tries to upgrade a read lock.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Security headers (README "Security"); config/settings/production.py adds HSTS and HTTPS.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"  # the admin's own preview frames get SAMEORIGIN (core.middleware)
# Content-Security-Policy (django-csp): no inline script anywhere on the public site, nothing
# from another origin but the video players of the embed block. Style attributes are allowed
# (charts size their bars with them); they cannot run code. Wagtail's admin needs inline styles
# and its own frames: core.middleware.AdminFramingMiddleware relaxes those two for /admin/.
from csp.constants import NONE, SELF  # noqa: E402

EMBED_FRAME_SOURCES = [
    "https://www.youtube.com",
    "https://www.youtube-nocookie.com",
    "https://player.vimeo.com",
    "https://www.facebook.com",
]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "frame-src": [SELF, *EMBED_FRAME_SOURCES],
        "media-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# --- Login throttling (django-axes): the Wagtail admin, the Django admin and password-protected
# pages (core.views.page_password). Five failures for one account, or from one address, lock
# that account or address for an hour; a success clears the count. Unlock before then with
# `manage.py axes_reset_username <name>` or `manage.py axes_reset_ip <address>` (README).
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("LOGIN_LOCKOUT_HOURS", "1"))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # either one, independently
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "locked_out.html"
AXES_CLIENT_IP_CALLABLE = "core.http.client_ip"
AXES_VERBOSE = False

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Vietnamese first: dd/mm/yyyy HH:MM, 1.900 and 22,1% (config/formats/vi/formats.py).
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt")]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["config.formats"]
# Our Vietnamese catalogues of Wagtail, taggit and django-filter, one folder per package
# (docs/translations.md). Django merges LOCALE_PATHS after the apps' own catalogues, so ours win.
LOCALE_PATHS = [p for p in sorted((BASE_DIR / "translations" / "catalogues").iterdir()) if p.is_dir()]
WAGTAILADMIN_PERMITTED_LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]

STATICFILES_DIRS = [SITE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"
# Never served by the web server: readers' nomination photos, streamed by a permission-checked
# admin view (core/storage.py). Keep it outside MEDIA_ROOT and back it up with it.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "private-media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "private": {"BACKEND": "core.storage.PrivateStorage"},
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Caches. Everything cached that depends on published content has the shared content version
# in its key (core.cache), so the in-process default is correct with several processes; Redis
# (REDIS_URL) shares one cache between them. "shared" holds what must be one in every process
# whatever the deployment (rate limits, single-use anti-spam challenges): Redis, or else a
# table in the database (created by core's migrations).
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "core.resilience.ResilientRedisCache", "LOCATION": REDIS_URL},
        "shared": {
            "BACKEND": "core.resilience.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "shared",
            "OPTIONS": {"STRICT": True},
        },
        # In front of Redis, for entries whose key holds the content version (core.cache).
        "local": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "local",
            "OPTIONS": {"MAX_ENTRIES": 2000},
        },
    }
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "OPTIONS": {"MAX_ENTRIES": 5000}},
        "shared": {"BACKEND": "core.cache.AtomicDatabaseCache", "LOCATION": "core_shared_cache"},
    }
# Wagtail looks for a cache named "renditions" to avoid a query per rendition.
CACHES["renditions"] = {**CACHES["default"], "KEY_PREFIX": "renditions"}
# The front cache (core.frontcache, README "Front cache"): a proxy keeps shareable pages and
# feeds this long; every change purges it through Wagtail's front-end cache invalidation, sent
# to FRONT_CACHE_URL (Varnish's address, e.g. http://127.0.0.1:6081). Empty: no purges.
FRONT_CACHE_SECONDS = int(os.environ.get("FRONT_CACHE_SECONDS", "600"))
FRONT_CACHE_URL = os.environ.get("FRONT_CACHE_URL", "")
WAGTAILFRONTENDCACHE = (
    {"proxy": {"BACKEND": "core.frontcache.PurgeBackend", "LOCATION": FRONT_CACHE_URL}} if FRONT_CACHE_URL else {}
)
# How long a change made by one process may take to reach readers of another (core.cache).
CONTENT_VERSION_CHECK_SECONDS = float(os.environ.get("CONTENT_VERSION_CHECK_SECONDS", "1"))
# Shared services never take the site down (core.resilience): short timeouts, and while one is
# failing its fallback answers at once; a background probe checks every SERVICE_RETRY_SECONDS
# whether it is back.
SERVICE_TIMEOUTS = {"elasticsearch": 1.5, "redis": 0.25, "websub": 5, "smtp": 10, "frontcache": 1}
SERVICE_RETRY_SECONDS = 5
# While one call has waited this long, other threads of the process use the fallback at once.
SERVICE_SLOW_SECONDS = 0.3

# Wagtail
WAGTAIL_SITE_NAME = "Gương Sáng"
# No Gravatar: it sends editors' e-mail hashes to a third party and is unreachable on some
# newsroom networks (the admin showed broken avatars); Wagtail draws its default avatar.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# No call from editors' browsers to releases.wagtail.org either: operators upgrade through
# requirements/base.in, and the admin's Content-Security-Policy allows only the site itself.
WAGTAIL_ENABLE_UPDATE_CHECK = False
# The dashboard's "What's new in Wagtail" banner links to English release notes; the help menu
# opens our own Vietnamese editor's guide instead (translations/wagtail_hooks.py, /admin/huong-dan/).
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
WAGTAILADMIN_BASE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")
WAGTAILIMAGES_IMAGE_MODEL = "core.CustomImage"
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 15 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 64_000_000  # refuse decompression bombs
WAGTAILIMAGES_AVIF_QUALITY = 60
WAGTAILIMAGES_WEBP_QUALITY = 78
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
# Slugs are ASCII with đ → d (core.text.vi_slugify); never Unicode slugs.
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}  # admin search
# Public search: Elasticsearch when set (the database answers if it fails), else the database.
ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")
TAGGIT_CASE_INSENSITIVE = True
# WebSub hub advertised in every feed and pinged on publish (feeds.websub); empty: no hub.
WEBSUB_HUB_URL = os.environ.get("WEBSUB_HUB_URL", "")
# Pings wait until every process serves the change; None: CONTENT_VERSION_CHECK_SECONDS + 1.
WEBSUB_PING_DELAY_SECONDS = None
# "Nghe bài viết" (core.speech_audio): a server speech engine renders each published article to
# an MP3 for the page and the feeds; "espeak-ng" (Debian's espeak-ng and lame) or "" (off: phones
# read with their own voice). SPEECH_VOICE is espeak-ng's voice: "vi" (Northern),
# "vi-vn-x-central" or "vi-vn-x-south".
SPEECH_ENGINE = os.environ.get("SPEECH_ENGINE", "")
SPEECH_VOICE = os.environ.get("SPEECH_VOICE", "vi")

# "Đọc nhiều" (core.readership): each web process writes the reads it counted this often, in one
# transaction; 0: only when asked (the tests call core.readership.flush()).
READERSHIP_FLUSH_SECONDS = float(os.environ.get("READERSHIP_FLUSH_SECONDS", "5"))
# Search statistics (search.insights) likewise: counted in memory, written this often.
SEARCH_STATS_FLUSH_SECONDS = float(os.environ.get("SEARCH_STATS_FLUSH_SECONDS", "5"))
# A new page Wagtail's autosave created and nobody saved on purpose is deleted after this many
# days untouched (core.drafts).
ABANDONED_DRAFT_DAYS = int(os.environ.get("ABANDONED_DRAFT_DAYS", "7"))

# Background work (Elasticsearch updates, hub pings, mails, Wagtail's reference index) goes
# through django-tasks into a queue kept in the database; `manage.py run_worker` runs it
# together with the periodic jobs of core.periodic (README, "Background work").
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
TASK_MAX_ATTEMPTS = 5  # a failed task runs again after 1, 2, 4, 8 minutes (core.periodic)

# Reader participation (docs/participation.md): comments, nominations and their anti-spam.
COMMENT_MAX_LENGTH = 2000  # characters
NOMINATION_MAX_LENGTH = 5000
NOMINATION_MAX_PHOTO_BYTES = 8 * 1024 * 1024
NOMINATION_MAX_PHOTO_PIXELS = 40_000_000  # refuse decompression bombs before decoding
# Decree 13/2023/NĐ-CP: the nominator's name and contact are erased this many days after arrival.
NOMINATION_CONTACT_RETENTION_DAYS = int(os.environ.get("NOMINATION_CONTACT_RETENTION_DAYS", "180"))
# Self-hosted proof of work (core/antispam.py): a browser needs ~max/2 SHA-256 tries.
ANTISPAM_POW_MAX_NUMBER = 50_000
ANTISPAM_POW_EXPIRY_SECONDS = 30 * 60
# Per-address limits on form posts: (attempts, seconds).
ANTISPAM_RATE_LIMITS = {"comment": (10, 600), "nomination": (5, 3600), "newsletter": (5, 3600)}
# Behind a reverse proxy: the header that carries the client's address (core.http.client_ip),
# e.g. CLIENT_IP_HEADER=HTTP_X_REAL_IP; used by the form limits and the login throttle.
CLIENT_IP_HEADER = os.environ.get("CLIENT_IP_HEADER", os.environ.get("ANTISPAM_CLIENT_IP_HEADER", ""))

# Mail: console in development, locmem in tests, SMTP in production (EMAIL_* in production.py).
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Gương Sáng <no-reply@localhost>")
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
# Newsletter (docs/newsletter.md): weekly digest on this weekday (0 = Thứ Hai … 6 = Chủ nhật)
# from this hour on, Vietnam time.
NEWSLETTER_FROM_EMAIL = os.environ.get("NEWSLETTER_FROM_EMAIL", DEFAULT_FROM_EMAIL)
NEWSLETTER_SEND_WEEKDAY = int(os.environ.get("NEWSLETTER_SEND_WEEKDAY", "0"))
NEWSLETTER_SEND_HOUR = int(os.environ.get("NEWSLETTER_SEND_HOUR", "7"))
NEWSLETTER_CONFIRM_DAYS = 7  # the confirmation link's lifetime; unconfirmed addresses are then erased
NEWSLETTER_CONFIRM_RESEND_SECONDS = 10 * 60  # at most one confirmation mail per address per window
# Decree 13/2023/NĐ-CP: an unsubscribed address is erased this many days after the unsubscribe.
NEWSLETTER_UNSUBSCRIBED_RETENTION_DAYS = int(os.environ.get("NEWSLETTER_UNSUBSCRIBED_RETENTION_DAYS", "30"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

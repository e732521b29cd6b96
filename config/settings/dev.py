import os
import warnings

from .base import *  # noqa: F403

# staticfiles/ only exists after collectstatic (production); here files come from the finders.
WHITENOISE_USE_FINDERS = True
warnings.filterwarnings("ignore", message="No directory at")  # reported from Django's handler

DEBUG = os.environ.get("DJANGO_DEBUG", "1") == "1"  # bench/ measures with DJANGO_DEBUG=0
SECRET_KEY = SECRET_KEY or "dev-only-not-secret"  # noqa: F405
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
WAGTAILADMIN_BASE_URL = os.environ.get("SITE_URL", f"http://127.0.0.1:{os.environ.get('PORT', '8000')}")
INTERNAL_IPS = ["127.0.0.1"]
# With DJANGO_DEBUG=0 (to see the real 404/500 pages) uploaded files are still served.
SERVE_MEDIA = True
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
if DEBUG:
    # A mistyped address shows readers' Vietnamese 404 even here (core.middleware); Django's
    # debug pages remain for real errors. Before axes, which asks to be last.
    MIDDLEWARE = [*MIDDLEWARE[:-1], "core.middleware.ReadersNotFoundPageMiddleware", MIDDLEWARE[-1]]  # noqa: F405
    # Django's debug pages style and script themselves inline: the policy only reports there
    # (violations still show in the browser's console). DJANGO_DEBUG=0 enforces it.
    CONTENT_SECURITY_POLICY_REPORT_ONLY = CONTENT_SECURITY_POLICY  # noqa: F405
    CONTENT_SECURITY_POLICY = None

import os

from .base import *  # noqa: F403

DEBUG = os.environ.get("DJANGO_DEBUG", "1") == "1"  # bench/ measures with DJANGO_DEBUG=0
SECRET_KEY = SECRET_KEY or "dev-only-not-secret"  # noqa: F405
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
WAGTAILADMIN_BASE_URL = os.environ.get("SITE_URL", f"http://127.0.0.1:{os.environ.get('PORT', '8000')}")
INTERNAL_IPS = ["127.0.0.1"]
# With DJANGO_DEBUG=0 (to see the real 404/500 pages) static and uploaded files are still served.
WHITENOISE_USE_FINDERS = True
SERVE_MEDIA = True
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

import warnings

from .base import *  # noqa: F403

# staticfiles/ only exists after collectstatic (production); here files come from the finders.
WHITENOISE_USE_FINDERS = True
warnings.filterwarnings("ignore", message="No directory at")  # reported from Django's handler

SECRET_KEY = "test-only-not-secret"
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Tasks run inline so that a test sees their effect at once (and one process needs no wait
# before a hub ping; tests/deployment runs the real delay across processes).
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
WEBSUB_PING_DELAY_SECONDS = 0
# Read counts wait in memory until a test flushes them (core.readership.flush): a background
# thread would write outside the test's transaction.
READERSHIP_FLUSH_SECONDS = 0
SEARCH_STATS_FLUSH_SECONDS = 0  # the same for search statistics (search.insights.flush)
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}

# Uploaded and generated files of a test run go to a throw-away folder, never into media/.
import atexit  # noqa: E402
import shutil  # noqa: E402
import tempfile  # noqa: E402

MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="gs-test-media-"))  # noqa: F405
atexit.register(shutil.rmtree, MEDIA_ROOT, ignore_errors=True)
PRIVATE_MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="gs-test-private-"))  # noqa: F405
atexit.register(shutil.rmtree, PRIVATE_MEDIA_ROOT, ignore_errors=True)

# Proof of work the tests solve for real, quickly.
ANTISPAM_POW_MAX_NUMBER = 500
# The search vocabulary is always rebuilt in the request (search.vocabulary): a background
# thread cannot read the test's transaction, and a slow CI must not change what a test sees.
SEARCH_VOCABULARY_SYNC_SECONDS = float("inf")

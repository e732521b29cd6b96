import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
application = get_asgi_application()

from config import web_process  # noqa: E402 (after Django is set up)

web_process.prepare()

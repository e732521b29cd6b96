# Gương Sáng: one image for the web server (gunicorn), the worker and commands (docs/operations.md).
#   docker build -t guongsang .
#   docker compose up -d          # the whole stack, see docker-compose.yml
#
# python:3.11-slim on Debian 12 (bookworm), named explicitly: its postgresql-client is 15, the
# same major version as the postgres:15 service, so `manage.py backup` (pg_dump) and `restore`
# (pg_restore) match the server. (The plain 3.11-slim tag moves to newer Debian releases.)
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=config.settings.production \
    PORT=8000 \
    WEB_WORKERS=4 \
    MEDIA_ROOT=/app/media \
    PRIVATE_MEDIA_ROOT=/app/private-media

# pg_dump / pg_restore for backup and restore; espeak-ng and lame for the optional server audio
# of "Nghe bài viết" (SPEECH_ENGINE=espeak-ng; both run offline). Everything Python needs comes
# as wheels (psycopg[binary], Pillow, lxml), so no compiler.
RUN apt-get update \
    && apt-get install -y --no-install-recommends postgresql-client espeak-ng lame \
    && rm -rf /var/lib/apt/lists/*

# A user without privileges runs everything; it owns only what the site writes (and its home,
# where gunicorn puts its control socket for `gunicornc`).
RUN groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --create-home --home-dir /home/app --shell /usr/sbin/nologin app

WORKDIR /app
# The runtime lock only (requirements/base.txt: every package pinned, none of the tests' or linters').
COPY requirements/base.txt requirements/base.txt
RUN pip install -r requirements/base.txt && pip check

COPY . .
# Static files are collected into the image (WhiteNoise serves them with fingerprinted names).
# The production settings refuse to start without these variables: dummies for this step only,
# never part of the image's environment.
RUN SECRET_KEY=build-only-not-secret ALLOWED_HOSTS=localhost SITE_URL=http://localhost \
        DATABASE_URL=sqlite:////tmp/build.sqlite3 \
        python manage.py collectstatic --noinput --verbosity 0 \
    && rm -f /tmp/build.sqlite3 \
    && mkdir -p /app/media /app/private-media \
    && chown app:app /app/media /app/private-media

USER app
EXPOSE 8000

# As `make serve`: gunicorn with several workers, the same timeouts, access log on stdout.
# FORWARDED_ALLOW_IPS: the proxies whose X-Forwarded-* gunicorn believes (default 127.0.0.1:
# Varnish, in the same network namespace in docker-compose.yml). The worker is a second
# container from this image: `python manage.py run_worker`.
CMD ["sh", "-c", "exec gunicorn config.wsgi --workers \"$WEB_WORKERS\" --bind \"0.0.0.0:$PORT\" --timeout 30 --graceful-timeout 20 --access-logfile - --forwarded-allow-ips \"${FORWARDED_ALLOW_IPS:-127.0.0.1}\""]

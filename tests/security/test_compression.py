"""Compression where it is safe (BREACH): pages, feeds and JSON for readers are compressed
(brotli, else gzip);
nothing rendered with a CSRF token, setting a cookie or for a signed-in editor is. Static files
are fingerprinted and kept a year by browsers and proxies under the production settings."""

import gzip
import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import brotli

from exemplars.models import StoryPage

ROOT = Path(__file__).resolve().parents[2]


def get(client, url, **extra):
    return client.get(url, HTTP_ACCEPT_ENCODING="gzip, deflate, br", **extra)


def test_readers_pages_feeds_and_json_are_compressed_brotli_first(client, db):
    story = StoryPage.objects.live().public().first()
    for url in ["/", story.url, "/feeds/all.rss", "/feeds/all.atom", "/api/ninjs/", "/api/search/?q=thi+dua"]:
        response = get(client, url)  # a browser: brotli
        assert response["Content-Encoding"] == "br", url
        assert "Accept-Encoding" in response["Vary"], url
        raw = brotli.decompress(response.content)
        assert len(raw) > 2 * len(response.content), url
        older = client.get(url, HTTP_ACCEPT_ENCODING="gzip")  # a client without brotli: gzip, same bytes
        assert older["Content-Encoding"] == "gzip" and gzip.decompress(older.content) == raw, url
    feed = get(client, "/feeds/all.rss")
    raw = brotli.decompress(feed.content)
    assert b"<rss" in raw and len(raw) >= 4 * len(feed.content)  # the aim for polls
    assert client.get("/feeds/all.rss").get("Content-Encoding") is None  # a client that did not ask


def test_nothing_holding_a_secret_is_compressed(client, db, django_user_model):
    story = StoryPage.objects.live().public().first()
    for url in [f"/y-kien/{story.pk}/", "/gioi-thieu-guong/", "/ban-tin/", "/admin/login/"]:
        response = get(client, url)
        assert response.status_code == 200 and "csrfmiddlewaretoken" in response.content.decode(), url
        assert response.get("Content-Encoding") is None, url
    client.force_login(django_user_model.objects.create_superuser("bt", "bt@example.com", "x"))
    for url in ["/", "/admin/", story.url]:
        assert get(client, url).get("Content-Encoding") is None, url


def test_static_files_are_fingerprinted_and_kept_a_year_in_production(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SECURE_", "PYTEST_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="guongsang.example.vn",
        SITE_URL="https://guongsang.example.vn",
        DATABASE_URL="sqlite:///:memory:",
        STATIC_ROOT=str(tmp_path / "static"),
    )
    collected = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert collected.returncode == 0, collected.stderr
    code = """
import json, django
django.setup()
from django.templatetags.static import static
from django.test import Client
url = static("css/site.css")
client = Client()
hashed = client.get(url, HTTP_HOST="guongsang.example.vn", secure=True, HTTP_ACCEPT_ENCODING="gzip")
plain = client.get("/static/css/site.css", HTTP_HOST="guongsang.example.vn", secure=True)
print(json.dumps({"url": url, "status": hashed.status_code, "cache": hashed.get("Cache-Control"),
                  "encoding": hashed.get("Content-Encoding"), "plain_cache": plain.get("Cache-Control")}))
"""
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["url"] != "/static/css/site.css" and seen["url"].endswith(".css")  # fingerprinted
    assert seen["status"] == 200 and seen["encoding"] == "gzip"  # precompressed by collectstatic
    assert "immutable" in seen["cache"] and int(seen["cache"].split("max-age=")[1].split(",")[0]) >= 365 * 24 * 3600
    assert "immutable" not in (seen["plain_cache"] or "")  # an unversioned name may change: short lifetime

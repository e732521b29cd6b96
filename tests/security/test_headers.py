"""Every response carries the security headers; the public site's Content-Security-Policy has
no inline script; the admin may only frame itself; production is HTTPS-only with HSTS, and
`check --deploy` is clean with only the five documented variables set (and fails otherwise)."""

import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

from exemplars.models import StoryPage

ROOT = Path(__file__).resolve().parents[2]


def policy(response) -> dict[str, list[str]]:
    header = response.headers["Content-Security-Policy"]
    return {d.split()[0]: d.split()[1:] for d in (part.strip() for part in header.split(";")) if d}


def public_urls():
    story = StoryPage.objects.live().public().first()
    return [
        "/",
        story.url,
        "/guong-sang/",
        "/search/?q=thi+dua",
        "/api/search/?q=thi",
        "/feeds/all.rss",
        "/api/ninjs/",
        "/api/docs",
        "/khong-co-trang-nay/",
        "/?x=%00",
    ]


def test_public_responses_carry_a_strict_policy_and_the_other_headers(client, db):
    for url in public_urls():
        response = client.get(url)
        csp = policy(response)
        assert csp["script-src"] == ["'self'"], url
        assert csp["default-src"] == ["'self'"] and csp["object-src"] == ["'none'"], url
        assert csp["frame-ancestors"] == ["'none'"], url
        assert "'unsafe-inline'" not in csp["style-src"] and "'unsafe-eval'" not in str(csp), url
        assert response.headers["X-Frame-Options"] == "DENY", url
        assert response.headers["X-Content-Type-Options"] == "nosniff", url
        assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin", url


def test_the_admin_may_frame_itself_for_previews_and_nobody_else_may(client, db):
    for url in ["/admin/login/", "/django-admin/login/"]:
        response = client.get(url)
        assert response.headers["X-Frame-Options"] == "SAMEORIGIN"
        assert policy(response)["frame-ancestors"] == ["'self'"]


def test_api_docs_use_our_own_static_files(client, db):
    html = client.get("/api/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html), "a script or style from another origin"
    assert client.get("/static/ninja/swagger-ui-bundle.js").status_code == 200


def production(env: dict, code: str) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SECURE_", "PYTEST_"))}
    return subprocess.run(
        [sys.executable, *code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**base, "DJANGO_SETTINGS_MODULE": "config.settings.production", **env},
    )


PRODUCTION_ENV = {
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "guongsang.example.vn",
    "SITE_URL": "https://guongsang.example.vn",
    "DATABASE_URL": "sqlite:///:memory:",
    "REDIS_URL": "redis://127.0.0.1:6379/15",
}


def test_check_deploy_is_clean_with_the_five_variables_and_make_check_fails_otherwise():
    check = ["manage.py", "check", "--deploy", "--fail-level", "WARNING"]
    result = production(PRODUCTION_ENV, check)
    assert result.returncode == 0, result.stdout + result.stderr
    relaxed = production({**PRODUCTION_ENV, "SECURE_HSTS_SECONDS": "0"}, check)
    assert relaxed.returncode != 0 and "security.W004" in relaxed.stderr + relaxed.stdout
    make = subprocess.run(
        ["make", "--no-print-directory", "check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, **PRODUCTION_ENV, "SECURE_SSL_REDIRECT": "0"},
    )
    assert make.returncode != 0 and "security.W008" in make.stdout + make.stderr


def test_production_redirects_to_https_and_sends_hsts():
    code = [
        "-c",
        """
import json, django
django.setup()
from django.test import Client
client = Client()
# HEAD: no database here, and only GETs consult the page cache.
plain = client.head("/health/live/", HTTP_HOST="guongsang.example.vn")
page = client.head("/gioi-thieu/", HTTP_HOST="guongsang.example.vn")
secure = client.head("/health/live/", HTTP_HOST="guongsang.example.vn", secure=True)
print(json.dumps({"plain": plain.status_code, "page": [page.status_code, page.get("Location")],
                  "hsts": secure.get("Strict-Transport-Security")}))
""",
    ]
    result = production(PRODUCTION_ENV, code)
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["page"] == [301, "https://guongsang.example.vn/gioi-thieu/"]
    assert seen["plain"] == 200  # health probes speak plain HTTP on the machine
    assert seen["hsts"] == "max-age=31536000; includeSubDomains; preload"

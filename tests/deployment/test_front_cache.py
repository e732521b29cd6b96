"""A real Varnish (deploy/varnish/default.vcl) in front of gunicorn with two workers and the
worker: readers' pages and feeds come from the proxy; a change made by any process purges it
through Wagtail's front-end cache invalidation at once (a withdrawn story never comes back from
the proxy); editors, forms and partners' keyed pulls pass through to Django."""

import html
import time

import pytest

from tests.deployment.harness import VarnishServer, eventually
from tests.deployment.test_freshness import STORY_INFO

pytestmark = pytest.mark.deployment

EDITOR_SESSION = """
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore
user = get_user_model().objects.create_superuser("bientap-varnish", "bt@example.com", "x")
session = SessionStore()
session.update({"_auth_user_id": str(user.pk), "_auth_user_backend": "django.contrib.auth.backends.ModelBackend",
                "_auth_user_hash": user.get_session_auth_hash()})
session.create()
print('"' + session.session_key + '"')
"""


@pytest.fixture
def proxied(processes):
    site = processes
    varnish = VarnishServer(site.tmp, site.port)
    varnish.start()
    env = {"FRONT_CACHE_URL": varnish.url}
    site.env_extra.update(env)  # every process of the site: web, worker, shell, imports
    site.start_web(workers=2)
    site.start_worker()
    try:
        yield site, varnish, env
    finally:
        site.env_extra.pop("FRONT_CACHE_URL")
        varnish.stop()


def cached(varnish, path, **headers):
    """The second of two requests, which the proxy answers from its cache if it may."""
    varnish.get(path, **headers)
    return varnish.get(path, **headers)


def test_pages_and_feeds_come_from_the_proxy_until_a_change_purges_them(proxied):
    site, varnish, _env = proxied
    stories = site.shell(STORY_INFO)
    story = next(s for s in stories if s["unique_exemplar"] and s["movement_url"])
    title = html.escape(story["title"], quote=False)
    lists = ["/", "/guong-sang/", story["movement_url"], "/feeds/all.rss", "/feeds/all.atom"]
    for path in [story["url"], *lists]:
        response = cached(varnish, path)
        assert response.status == 200 and response.headers["X-Cache"] == "HIT", path
        assert "s-maxage=" in response.headers["Cache-Control"] and "public" in response.headers["Cache-Control"]
    assert title in varnish.get(story["url"]).body

    # Trackers neither bypass nor split the cache; compressed copies are kept too.
    tracked = varnish.get(story["url"] + "?utm_source=zalo&utm_medium=social&fbclid=abc123")
    assert tracked.headers["X-Cache"] == "HIT" and title in tracked.body
    gzipped = cached(varnish, "/feeds/all.rss", **{"Accept-Encoding": "gzip"})
    assert gzipped.headers.get("Content-Encoding") == "gzip" and gzipped.headers["X-Cache"] == "HIT"

    # An editor's shell withdraws the story: the proxy stops serving it at once, everywhere.
    started = time.monotonic()
    site.shell(f"from wagtail.models import Page; Page.objects.get(pk={story['id']}).specific.unpublish(); print(1)")
    shell_done = time.monotonic()

    def withdrawn():
        return varnish.get(story["url"]).status == 404 and all(
            story["url"] not in (body := varnish.get(path).body) and title not in body for path in lists
        )

    ok, seconds = eventually(withdrawn, seconds=10, every=0.05)
    assert ok, f"the proxy still served the withdrawn story after {seconds:.1f}s"
    print(
        f"purge visible {time.monotonic() - shell_done:.2f}s after the shell returned "
        f"({time.monotonic() - started:.2f}s including the shell's start)"
    )
    assert time.monotonic() - shell_done < 2.5
    # ...and it does not come back once the second, queued purge has run.
    deadline = time.monotonic() + 4
    while time.monotonic() < deadline:
        assert varnish.get(story["url"]).status == 404
        assert all(title not in varnish.get(path).body for path in lists)
        time.sleep(0.2)

    # Publishing again brings it back through the proxy too.
    site.shell(
        f"from wagtail.models import Page; Page.objects.get(pk={story['id']}).specific.save_revision().publish(); print(1)"
    )
    ok, _ = eventually(lambda: title in varnish.get(story["url"]).body and title in varnish.get("/").body, seconds=10)
    assert ok, "the republished story did not reach the proxy's readers"


def test_editors_forms_and_partners_pass_through_the_proxy(proxied):
    site, varnish, _env = proxied
    session_key = site.shell(EDITOR_SESSION)
    editor = {"Cookie": f"csrftoken=x; sessionid={session_key}"}
    for _ in range(3):
        response = varnish.get("/", **editor)
        assert response.headers["X-Cache"] == "MISS" and "wagtail-userbar" in response.body
    assert varnish.get("/admin/", **editor).status == 200

    story = site.shell(STORY_INFO)[0]
    comment_form = f"/y-kien/{story['id']}/"
    for _ in range(2):
        response = varnish.get(comment_form)
        assert response.status == 200 and response.headers["X-Cache"] == "MISS"
        assert "private" in response.headers["Cache-Control"] or "no-cache" in response.headers["Cache-Control"]
    for path in ["/search/?q=thi+dua", "/api/search/?q=thi", "/feeds/all.rss?key=khoa-doi-tac-khong-co-that"]:
        assert cached(varnish, path).headers["X-Cache"] == "MISS", path

    # Only what Django declares public is kept: a reader still gets the anonymous page.
    anonymous = cached(varnish, "/")
    assert anonymous.headers["X-Cache"] == "HIT" and "wagtail-userbar" not in anonymous.body


def fetch(url: str) -> tuple[int, bytes, dict]:
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=15) as answer:
            return answer.status, answer.read(), dict(answer.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read(), dict(error.headers)


def test_nginx_serves_media_from_disk_and_the_site_through_varnish(proxied):
    from tests.deployment.harness import NginxServer

    site, varnish, _env = proxied
    media = site.tmp / "media"
    nginx = NginxServer(site.tmp, varnish.port, media)
    nginx.start()
    try:
        photo = next(
            p
            for p in sorted(media.rglob("*"))
            if p.is_file() and p.suffix.lower() in {".jpg", ".jpeg", ".png", ".webp"}
        )
        status, body, headers = fetch(f"{nginx.url}/media/{photo.relative_to(media).as_posix()}")
        assert status == 200 and body == photo.read_bytes()
        assert "public" in headers["Cache-Control"] and "max-age=2592000" in headers["Cache-Control"]
        assert headers["X-Content-Type-Options"] == "nosniff" and "sandbox" in headers["Content-Security-Policy"]
        # Nothing outside MEDIA_ROOT: the private photos beside it, dot files.
        (site.tmp / "private").mkdir(exist_ok=True)
        (site.tmp / "private" / "nominee.jpg").write_bytes(b"private")
        (media / ".env").write_text("SECRET_KEY=x")
        for path in ["/media/../private/nominee.jpg", "/media/%2e%2e/private/nominee.jpg", "/media/.env"]:
            status, body, _ = fetch(nginx.url + path)
            assert status in (400, 403, 404) and b"private" not in body and b"SECRET" not in body, path
        # Everything else goes through Varnish to Django.
        status, body, headers = fetch(nginx.url + "/")
        assert status == 200 and "X-Cache" in headers and "Gương Sáng".encode() in body
    finally:
        nginx.stop()

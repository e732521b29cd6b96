"""Backup and restore with real processes: `manage.py backup` of a serving site (the demo content,
its images and a private file), `manage.py restore` into a fresh instance (a new SQLite file, or a
new PostgreSQL database in the PostgreSQL run, and new media folders), then both sites served by
gunicorn give the same pages, feed and media files. The refusals and errors are messages that say
what to do, never tracebacks."""

import io
import json
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import urllib.request
from pathlib import Path

import pytest

from tests.deployment.conftest import suite_database_kind
from tests.deployment.harness import PYTHON, ROOT, Deployment, create_database, free_port, parallel

pytestmark = pytest.mark.deployment

PRIVATE_PHOTO = Path("nominations") / "2025" / "anh-de-cu.jpg"


@pytest.fixture(scope="module")
def fresh(deployment):
    """An instance that has never been migrated: an empty database of the suite's kind, no media.
    In the PostgreSQL run it shares the source's Redis, as a restore into the running stack does:
    nothing cached from before the restore may leak into the restored site."""
    tmp = Path(tempfile.mkdtemp(prefix="gs-restore-"))
    url, drop = create_database(suite_database_kind(), tmp)
    site = Deployment(url, free_port(), tmp, env_extra=dict(deployment.env_extra))
    try:
        yield site
    finally:
        site.stop_all()
        drop()
        shutil.rmtree(tmp, ignore_errors=True)


@pytest.fixture(scope="module")
def restored(deployment, fresh):
    """The demo site backed up while gunicorn serves it, and restored into the fresh instance,
    whose gunicorn is already running with a connection open (on SQLite the restore rewrites the
    file under it)."""
    source = deployment
    # The photos' renditions not made yet, files and rows (as before the worker's first run): the
    # story's picture is made after the backup, so it is not in the archive, and the restored
    # site makes its own under the same name.
    source.shell(
        "from wagtail.images import get_image_model\n"
        "for rendition in get_image_model().get_rendition_model().objects.all():\n"
        "    rendition.file.delete(save=False); rendition.delete()\n"
        "print(1)"
    )
    photo = source.tmp / "private" / PRIVATE_PHOTO  # a reader's nomination photo lives there
    photo.parent.mkdir(parents=True, exist_ok=True)
    photo.write_bytes(b"\xff\xd8\xff\xe0 not served, backed up all the same")
    parallel([lambda: source.start_web(workers=1), lambda: fresh.start_web(workers=1)])
    fresh.get("/health/")  # the fresh site's worker connects to its (empty) database and keeps it open
    archive = source.tmp / "backups" / "guongsang.tar.gz"
    backup = source.manage("backup", "--output", str(archive))
    # After the backup the source makes a rendition that is not in the archive, and caches
    # where it is (in Redis in the PostgreSQL run).
    story = story_path(source)
    assert fetch(source, picture_path(source, story))[0] == 200
    # `restore -` reads the archive on its standard input (`docker compose run -T … < FILE`); a
    # fresh instance needs no --yes.
    with archive.open("rb") as stdin:
        restore = subprocess.run(
            [PYTHON, "manage.py", "restore", "-"],
            cwd=ROOT,
            env=fresh.env(),
            stdin=stdin,
            capture_output=True,
            text=True,
            timeout=300,
        )
    assert restore.returncode == 0, restore.stdout + restore.stderr
    return archive, backup, restore


def story_path(site) -> str:
    return re.search(r'href="(?:https?://[^/"]+)?(/guong-sang/[^"/]+/)"', site.get("/").body).group(1)


def picture_path(site, story: str) -> str:
    """The story's picture: a signed image URL until the worker has made its renditions."""
    return re.search(r'property="og:image" content="(?:https?://[^/"]+)?(/images/[^"]+)"', site.get(story).body).group(
        1
    )


def fetch(site, path: str) -> tuple[int, bytes]:
    request = urllib.request.Request(site.base + path, headers={"User-Agent": "gs-deployment-test"})
    with urllib.request.urlopen(request, timeout=15) as answer:
        return answer.status, answer.read()


def same_page(body: bytes, *sites) -> str:
    """A page as both sites should print it: each site's own address (absolute links carry the
    port it runs on) and CSRF tokens left out."""
    text = body.decode()
    for site in sites:
        text = text.replace(site.base, "http://SITE")
    return re.sub(r'(name="csrfmiddlewaretoken" value=")[^"]*"', r'\1"', text)


def content_token(site) -> str:
    query = "SELECT token FROM core_sharedversion WHERE name = 'content'"
    if site.database_url.startswith("sqlite"):
        with sqlite3.connect(site.database_url.removeprefix("sqlite:///")) as db:
            return db.execute(query).fetchone()[0]
    import psycopg

    with psycopg.connect(site.database_url) as db:
        return db.execute(query).fetchone()[0]


def media_count(site) -> int:
    return sum(1 for path in (site.tmp / "media").rglob("*") if path.is_file())


def test_the_restored_instance_serves_the_same_pages_feed_and_media(deployment, fresh, restored):
    source = deployment
    archive, backup, restore = restored
    assert "Đã sao lưu" in backup.stdout and archive.is_file()
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
        names = tar.getnames()
    assert manifest["format"] == 1 and manifest["engine"] == suite_database_kind()
    assert manifest["files"]["media"] >= 10 and manifest["files"]["private-media"] == 1
    assert f"private-media/{PRIVATE_PHOTO.as_posix()}" in names
    assert "Đã khôi phục" in restore.stdout, restore.stdout

    story = story_path(source)
    original = sorted((source.tmp / "media" / "original_images").iterdir())[0].name
    paths = ["/", story, "/feeds/all.rss"]
    for path in paths:
        (status, before), (status_after, after) = fetch(source, path), fetch(fresh, path)
        assert status == status_after == 200, path
        assert same_page(after, source, fresh) == same_page(before, source, fresh), path
    # The story's picture: the restored site makes it from the restored original (the source made
    # its own after the backup), with the same bytes.
    for path in (f"/media/original_images/{original}", picture_path(source, story)):
        (status_after, after), (status, before) = fetch(fresh, path), fetch(source, path)
        assert status == status_after == 200 and before == after and len(before) > 100, path
    assert (fresh.tmp / "private" / PRIVATE_PHOTO).read_bytes() == (source.tmp / "private" / PRIVATE_PHOTO).read_bytes()
    # A new content version: no process serves a page it cached before the restore.
    assert content_token(fresh) != content_token(source)


def wrong_engine_archive(archive: Path, tmp: Path) -> Path:
    """The same archive, its manifest naming the other engine."""
    other = tmp / "other-engine.tar.gz"
    with tarfile.open(archive) as tar, tarfile.open(other, "w:gz") as out:
        for member in tar:
            data = tar.extractfile(member).read() if member.isfile() else None
            if member.name == "manifest.json":
                manifest = json.loads(data)
                manifest["engine"] = "postgresql" if manifest["engine"] == "sqlite" else "sqlite"
                data = json.dumps(manifest).encode()
                member.size = len(data)
            out.addfile(member, io.BytesIO(data) if data is not None else None)
    return other


# Each case as `manage.py restore`/`backup` would end: a CommandError's message (exit 1), or any
# other exception, which would be a traceback. One process for all of them (they are quick).
ERRORS = """
import json
from django.core.management import call_command
from django.core.management.base import CommandError
out = {}
for name, args in json.loads(%r).items():
    try:
        call_command(*args)
        out[name] = ["ok", ""]
    except CommandError as exc:
        out[name] = ["CommandError", str(exc)]
    except BaseException as exc:
        out[name] = [type(exc).__name__, str(exc)]
print(json.dumps(out))
"""


def test_refusals_and_errors_say_what_to_do_and_change_nothing(deployment, fresh, restored):
    archive = restored[0]
    truncated = fresh.tmp / "truncated.tar.gz"
    truncated.write_bytes(archive.read_bytes()[: archive.stat().st_size * 2 // 3])
    not_gzip = fresh.tmp / "notes.tar.gz"
    not_gzip.write_text("không phải bản sao lưu")
    token, files = content_token(fresh), media_count(fresh)
    cases = {
        "not_empty": ["restore", str(archive)],  # the fresh instance has content now: --yes needed
        "truncated": ["restore", "--yes", str(truncated)],
        "not_gzip": ["restore", "--yes", str(not_gzip)],
        "missing": ["restore", "--yes", str(fresh.tmp / "khong-co.tar.gz")],
        "other_engine": ["restore", "--yes", str(wrong_engine_archive(archive, fresh.tmp))],
    }
    env = {}
    if suite_database_kind() == "postgresql":
        cases["no_pg_dump"] = ["backup", "--output", str(fresh.tmp / "x.tar.gz")]
        env["PATH"] = str(fresh.tmp)  # no pg_dump there
    outcome = fresh.shell(ERRORS % json.dumps(cases), **env)
    for name, (kind, message) in outcome.items():
        assert kind == "CommandError", (name, kind, message)
    assert "không trống" in outcome["not_empty"][1] and "--yes" in outcome["not_empty"][1]
    assert "manage.py backup" in outcome["not_empty"][1]
    assert "hỏng" in outcome["truncated"][1] and "Không có gì bị thay đổi" in outcome["truncated"][1]
    assert "hỏng" in outcome["not_gzip"][1]
    assert "Không tìm thấy tệp" in outcome["missing"][1]
    engine = outcome["other_engine"][1]
    assert "PostgreSQL" in engine and "SQLite" in engine and "DATABASE_URL" in engine
    if "no_pg_dump" in outcome:
        assert "pg_dump" in outcome["no_pg_dump"][1] and "postgresql-client" in outcome["no_pg_dump"][1]
        assert not (fresh.tmp / "x.tar.gz").exists()
    # Nothing was touched: the same version, the same files, no staging left behind.
    assert content_token(fresh) == token and media_count(fresh) == files
    assert not list((fresh.tmp / "media").glob(".restore-*"))
    assert fresh.get("/").status == 200

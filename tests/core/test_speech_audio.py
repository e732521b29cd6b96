"""Server audio for "Nghe bài viết" (core.speech_audio): with SPEECH_ENGINE=espeak-ng the worker
renders a published article to an MP3 that the page plays and the feeds enclose; without it,
nothing. The engine is real (Debian's espeak-ng and lame); where they are missing the tests
that need them are skipped with that reason."""

import shutil

import feedparser
import pytest
from django.core.files.storage import default_storage

from core import speech_audio
from core.management.commands.run_worker import Command as Worker
from tests.factories import make_story

MISSING = speech_audio.missing_programs()
needs_engine = pytest.mark.skipif(
    bool(MISSING), reason=f"server speech needs {', '.join(MISSING)}: apt-get install espeak-ng lame"
)


@pytest.fixture(autouse=True)
def no_audio_files():
    yield
    shutil.rmtree(default_storage.path(speech_audio.FOLDER), ignore_errors=True)


@pytest.fixture
def engine_on(settings):
    settings.SPEECH_ENGINE = "espeak-ng"
    return settings


def audio_files() -> list[str]:
    try:
        return sorted(default_storage.listdir(speech_audio.FOLDER)[1])
    except FileNotFoundError:
        return []


def run_worker_once():
    Worker().handle(interval=0, once=True)


def test_without_an_engine_nothing_is_rendered_and_the_page_has_no_player(client, db):
    story = make_story(title="Ngày 20/2/2024, UBND tỉnh tuyên dương 120 điển hình")
    run_worker_once()
    assert audio_files() == []
    assert "<audio" not in client.get(story.url).content.decode()
    rss = feedparser.parse(client.get("/feeds/all.rss").content)
    entry = next(e for e in rss.entries if e.title == story.title)
    assert not [link for link in entry.get("enclosures", []) if link.type.startswith("audio/")]


@needs_engine
def test_publishing_renders_the_reading_that_the_page_and_feeds_offer(client, engine_on, db):
    story = make_story(title="Ngày 20/2/2024, UBND tỉnh tuyên dương 120 điển hình")  # the task runs inline in tests
    name = f"{story.pk}-{story.live_revision_id}.mp3"
    assert audio_files() == [name]
    audio = default_storage.open(f"speech/{name}").read()
    assert audio[:3] == b"ID3" or audio[0] == 0xFF  # an MP3 stream
    assert len(audio) > 2000  # seconds of speech, not an empty file

    html = client.get(story.url).content.decode()
    assert f'<audio class="listen__audio" data-listen-audio controls preload="none" src="/media/speech/{name}"' in html
    assert client.get(f"/api/speech/{story.pk}/").json()["audio"] == {
        "url": f"http://testserver/media/speech/{name}",
        "type": "audio/mpeg",
        "length": len(audio),
    }

    rss = feedparser.parse(client.get("/feeds/all.rss").content)
    entry = next(e for e in rss.entries if e.title == story.title)
    # One enclosure in RSS: the reading (the photo stays in media:content). Feeds use the site's address.
    assert [(e.href.split("/", 3)[3], e.type, int(e.length)) for e in entry.enclosures] == [
        (f"media/speech/{name}", "audio/mpeg", len(audio))
    ]
    atom = feedparser.parse(client.get("/feeds/all.atom").content)
    entry = next(e for e in atom.entries if e.title == story.title)
    assert [link.href.endswith(f"/media/speech/{name}") for link in entry.links if link.rel == "enclosure"] == [True]


@needs_engine
def test_a_correction_renders_again_and_unpublishing_removes_the_file(engine_on, db):
    story = make_story()
    first = audio_files()
    story.lead = "Đính chính: anh đã cứu bốn người, không phải ba."
    story.save_revision().publish()
    story.refresh_from_db()
    assert audio_files() == [f"{story.pk}-{story.live_revision_id}.mp3"] != first
    story.unpublish()
    assert audio_files() == []


@needs_engine
def test_the_worker_catches_up_with_articles_published_before_the_engine_was_on(settings, db):
    story = make_story()
    assert audio_files() == []
    settings.SPEECH_ENGINE = "espeak-ng"
    run_worker_once()
    assert f"{story.pk}-{story.live_revision_id}.mp3" in audio_files()


def test_a_missing_engine_never_fails_a_publish(engine_on, monkeypatch, client, caplog, db):
    monkeypatch.setenv("PATH", "/nonexistent")  # as on a machine without espeak-ng and lame
    story = make_story()
    assert story.live
    assert audio_files() == []
    assert "No audio for page" in caplog.text and "not installed" in caplog.text
    assert client.get(f"/api/speech/{story.pk}/").json()["audio"] is None
    assert speech_audio.catch_up() == 0  # the periodic job logs, and tries again next round

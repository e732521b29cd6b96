"""Articles read by a speech engine on the server, as MP3 files (settings.SPEECH_ENGINE).

Off by default: readers' phones read the article with their own Vietnamese voice
(site/static/js/listen.js). With SPEECH_ENGINE=espeak-ng (Debian's espeak-ng and lame), the
worker renders each published article's speakable text (core.speech) to
MEDIA_ROOT/speech/<page id>-<revision id>.mp3; the page then offers an audio player and the
feeds an enclosure. The file is named after the published revision, so a correction renders a
new one and the old file is deleted. Nothing here runs in a publish: publishing enqueues a task,
and a periodic job catches up (articles published before the setting, a task lost) and removes
the files of articles readers can no longer see (unpublished, deleted, made private). A missing
or failing engine is logged and leaves the article without audio: the phone's voice remains.
"""

import logging
import re
import shutil
import subprocess
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django_tasks import task

logger = logging.getLogger(__name__)

FOLDER = "speech"
MIME_TYPE = "audio/mpeg"
ENGINES = ("espeak-ng",)
TIMEOUT_SECONDS = 120  # a long article takes a second or two
BATCH = 10  # renders per run of the periodic job
_NAME = re.compile(r"^(?P<page>\d+)-(?P<revision>\d+)\.mp3$")


class SpeechEngineError(RuntimeError):
    pass


@dataclass(frozen=True)
class Audio:
    url: str
    length: int  # bytes
    mime_type: str = MIME_TYPE


def engine() -> str:
    """The configured engine, "" when off (or unknown, which is logged)."""
    name = getattr(settings, "SPEECH_ENGINE", "")
    if name and name not in ENGINES:
        logger.warning("SPEECH_ENGINE=%s is not one of %s: no server audio", name, ", ".join(ENGINES))
        return ""
    return name


def missing_programs() -> list[str]:
    return [program for program in ("espeak-ng", "lame") if shutil.which(program) is None]


def file_name(page) -> str:
    return f"{FOLDER}/{page.pk}-{page.live_revision_id}.mp3"


def audio_for(page) -> Audio | None:
    """The audio of the page's published revision, when the engine is on and it is rendered."""
    if not engine() or not page.live_revision_id:
        return None
    name = file_name(page)
    try:
        if not default_storage.exists(name):
            return None
        return Audio(url=default_storage.url(name), length=default_storage.size(name))
    except OSError:
        return None


def synthesize(paragraphs: list[str]) -> bytes:
    """MP3 bytes of the paragraphs read by espeak-ng's Vietnamese voice (mono, VBR ~64 kbit/s)."""
    missing = missing_programs()
    if missing:
        raise SpeechEngineError(f"not installed: {', '.join(missing)} (apt-get install espeak-ng lame)")
    # A full stop after each paragraph: a title or a heading ends with a pause, not run-on.
    text = "\n".join(p if p[-1] in ".!?…:;" else p + "." for p in paragraphs)
    voice = getattr(settings, "SPEECH_VOICE", "vi")
    speak = subprocess.run(
        ["espeak-ng", "-v", voice, "-s", "150", "-b", "1", "--stdout"],
        input=text.encode(),
        capture_output=True,
        timeout=TIMEOUT_SECONDS,
    )
    if speak.returncode or not speak.stdout:
        raise SpeechEngineError(f"espeak-ng failed ({speak.returncode}): {speak.stderr.decode(errors='replace')[:500]}")
    encode = subprocess.run(
        ["lame", "--quiet", "-V", "7", "-m", "m", "-", "-"],
        input=speak.stdout,
        capture_output=True,
        timeout=TIMEOUT_SECONDS,
    )
    if encode.returncode or not encode.stdout:
        raise SpeechEngineError(f"lame failed ({encode.returncode}): {encode.stderr.decode(errors='replace')[:500]}")
    return encode.stdout


def _files_of(page_id: int) -> list[str]:
    try:
        _, files = default_storage.listdir(FOLDER)
    except (FileNotFoundError, NotADirectoryError, OSError):
        return []
    return [f"{FOLDER}/{f}" for f in files if (m := _NAME.match(f)) and int(m["page"]) == page_id]


def _delete(names) -> None:
    for name in names:
        try:
            default_storage.delete(name)
        except OSError:
            logger.warning("Could not delete %s", name)


def visible_article(page_id: int):
    from wagtail.models import Page

    from core.kinds import kind_of

    page = Page.objects.filter(pk=page_id).first()
    kind = kind_of(page.specific_class) if page is not None and page.specific_class else None
    return kind.model.objects.visible_to_readers().filter(pk=page_id).first() if kind else None


def render(page) -> bool:
    """Render the page's audio unless it exists; delete its other files. Raises SpeechEngineError."""
    from core.cache import ASSETS, bump
    from core.speech import article_paragraphs

    name = file_name(page)
    if default_storage.exists(name):
        return False
    audio = synthesize(article_paragraphs(page))
    default_storage.save(name, ContentFile(audio))
    _delete(other for other in _files_of(page.pk) if other != name)
    # Pages and feeds that show this article now offer the audio (like a photo's new credit).
    bump(ASSETS)
    logger.info("Rendered %s (%s bytes)", name, len(audio))
    return True


def sync(page_id: int) -> None:
    """The page's audio as it should be: rendered if readers may see it, otherwise gone."""
    page = visible_article(page_id)
    if page is None:
        _delete(_files_of(page_id))
        return
    if engine():
        render(page)


@task()
def sync_page_audio(page_id: int) -> None:
    try:
        sync(page_id)
    except (SpeechEngineError, OSError, subprocess.SubprocessError) as error:
        # Not raised: a retry would fail the same way; the periodic job tries again later.
        logger.warning("No audio for page %s: %s", page_id, error)


def catch_up(batch: int = BATCH) -> int:
    """Periodic job: remove files of pages readers can no longer see (or of older revisions),
    then render up to `batch` missing ones, newest articles first. Returns how many it rendered."""
    from core.kinds import all_kinds

    if not engine():
        return 0
    try:
        _, files = default_storage.listdir(FOLDER)
    except (FileNotFoundError, NotADirectoryError, OSError):
        files = []
    current = {}
    for kind in all_kinds():
        rows = kind.model.objects.visible_to_readers().order_by("-published_at").values_list("pk", "live_revision_id")
        current.update(rows[:500])
    existing = set()
    for f in files:
        match = _NAME.match(f)
        if match is None:
            continue
        if current.get(int(match["page"])) == int(match["revision"]):
            existing.add(int(match["page"]))
        else:
            _delete([f"{FOLDER}/{f}"])
    rendered = 0
    for page_id in [pk for pk in current if pk not in existing][:batch]:
        try:
            page = visible_article(page_id)
            if page is not None and render(page):
                rendered += 1
        except (SpeechEngineError, OSError, subprocess.SubprocessError) as error:
            logger.warning("Server audio failed, trying again in the next round: %s", error)
            break  # the engine fails the same way for every article
    return rendered


def page_changed(sender, instance, **kwargs) -> None:
    """page_published / page_unpublished / post_delete receiver: articles only. Deleting a file
    needs no engine, so an unpublished article loses its audio even after the engine is off."""
    from core.kinds import kind_of

    if kind_of(instance) is None or not (engine() or _files_of(instance.pk)):
        return
    sync_page_audio.enqueue(instance.pk)


def connect() -> None:
    from django.db.models.signals import post_delete
    from wagtail.signals import page_published, page_unpublished

    from core import periodic

    page_published.connect(page_changed, dispatch_uid="core-speech-audio-published")
    page_unpublished.connect(page_changed, dispatch_uid="core-speech-audio-unpublished")
    post_delete.connect(page_changed, dispatch_uid="core-speech-audio-deleted")
    periodic.register("speech_audio", timedelta(minutes=5), catch_up)

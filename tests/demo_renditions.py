"""The demo's renditions for the test session, encoded once (tests/conftest.py uses it)."""

import contextlib
import fcntl
import hashlib
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# --- The demo's renditions, encoded once ----------------------------------------------------
# Encoding the demo's 39 images into every rendition the site uses (core.renditions, 24 each:
# AVIF, WebP and JPEG) is most of the session's setup. The encoded files are kept between runs
# in a cache keyed by content: the source image's bytes, the filter spec and focal point, and
# (the folder's name) the versions of Pillow, its codecs, Willow and Wagtail and the quality
# settings, so any change there starts a new folder; old folders unused for 30 days are removed.
# Everything else is Wagtail's own: files, names, rows and dimensions as the worker makes them.
# On a clean machine (CI) the cache is filled by a helper process started with the session,
# which encodes the demo's images (home/demo, home.demo_images) on the second CPU while this one
# collects the tests and migrates; load_demo then waits for each file it needs, or encodes it
# itself if the helper does not make it. The demo's AVIF and WebP files are encoded with the
# encoders' fastest settings (DEMO_ENCODER_OPTIONS: real AVIF and WebP at the site's quality
# settings, about twice as large): no test reads their bytes, and it halves the work on a clean
# machine. And Wagtail reads each file's width and height from its header instead of decoding it
# whole (Willow's way): the same numbers, a few seconds less. Renditions made inside tests
# (tests/core/test_renditions.py…) are encoded and measured as in production, never cached.
# GS_TEST_RENDITION_CACHE=off loads the demo here exactly as before (production encoders, no
# cache); GS_TEST_RENDITION_CACHE=/some/dir puts the cache elsewhere.

CACHE_LAYOUT = 1  # bump when the cache's layout or keys change
DEMO_ENCODER_OPTIONS = {"AVIF": {"speed": 10}, "WEBP": {"method": 0}}  # Pillow's defaults: 6 and 4
CACHED_FORMATS = ("jpeg", "png", "webp", "avif", "gif")
KEEP_UNUSED_DAYS = 30


def rendition_cache() -> Path | None:
    """This environment's folder of encoded renditions, or None when the cache is off."""
    from django.conf import settings

    setting = os.environ.get("GS_TEST_RENDITION_CACHE", "")
    if setting.lower() in {"0", "off", "no", "false"}:
        return None
    if getattr(settings, "WILLOW_OPTIMIZERS", False):
        return None  # external optimisers (cwebp, gifsicle…) whose versions are not in the key
    base = Path(setting) if setting else Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return (base if setting else base / "guongsang" / "test-renditions") / encoder_fingerprint()


def encoder_fingerprint() -> str:
    """What, besides a rendition's source and filter, decides its bytes."""
    from importlib.metadata import PackageNotFoundError, version

    from django.conf import settings
    from PIL import features

    def package(name):
        try:
            return version(name)
        except PackageNotFoundError:
            return None

    parts = {
        "layout": CACHE_LAYOUT,
        "encoder_options": DEMO_ENCODER_OPTIONS,
        "packages": {name: package(name) for name in ("pillow", "pillow-heif", "willow", "wagtail")},
        "codecs": {
            name: features.version(name) for name in ("jpg", "jpg_2000", "webp", "avif", "zlib", "libimagequant")
        },
        "settings": {
            name: getattr(settings, name, None)
            for name in (
                "WAGTAILIMAGES_JPEG_QUALITY",
                "WAGTAILIMAGES_WEBP_QUALITY",
                "WAGTAILIMAGES_AVIF_QUALITY",
                "WAGTAILIMAGES_FORMAT_CONVERSIONS",
                "WILLOW_OPTIMIZERS",
            )
        },
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()[:20]


def rendition_key(source: bytes, filter, image) -> str:
    parts = (
        hashlib.sha256(source).hexdigest(),
        filter.spec,
        filter.get_cache_key(image),
        repr(image.get_focal_point()),
    )
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def cached_rendition(cache: Path, key: str) -> tuple[str, bytes] | None:
    for path in (cache / key[:2]).glob(f"{key}.*"):
        if path.suffix[1:] in CACHED_FORMATS:
            return path.suffix[1:], path.read_bytes()
    return None


def store_rendition(cache: Path, key: str, format_name: str, content: bytes) -> None:
    folder = cache / key[:2]
    partial = folder / f".{key}.{os.getpid()}.{time.monotonic_ns()}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        partial.write_bytes(content)
        os.replace(partial, folder / f"{key}.{format_name}")  # readers see a whole file or none
    except OSError:  # a full or read-only disk: the cache only saves time
        partial.unlink(missing_ok=True)


@contextlib.contextmanager
def demo_encoders():
    """Pillow's AVIF and WebP encoders with DEMO_ENCODER_OPTIONS unless told otherwise."""
    from PIL import Image

    Image.init()
    saved = {name: Image.SAVE[name] for name in DEMO_ENCODER_OPTIONS if name in Image.SAVE}

    def faster(save, options):
        def encode(im, fp, filename):
            for option, value in options.items():
                im.encoderinfo.setdefault(option, value)
            return save(im, fp, filename)

        return encode

    Image.SAVE.update({name: faster(save, DEMO_ENCODER_OPTIONS[name]) for name, save in saved.items()})
    try:
        yield
    finally:
        Image.SAVE.update(saved)


def builder_lock(cache: Path):
    cache.mkdir(parents=True, exist_ok=True)
    return open(cache / ".builder.lock", "a")


def builder_running(cache: Path) -> bool:
    """A helper (this session's or another's) is encoding into this cache."""
    if demo_builder.process is not None and demo_builder.process.poll() is None:
        return True
    with builder_lock(cache) as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(lock, fcntl.LOCK_UN)
        return False


@contextlib.contextmanager
def fast_demo_renditions():
    """While the demo loads: Wagtail's Filter.run, the encoding of one rendition, answered from
    the cache when the same source, filter and encoders made it before (what it encodes is
    stored for next time), the demo's encoders, and dimensions read from the files' headers."""
    cache = rendition_cache()
    if cache is None:
        yield
        return
    wait_until = time.monotonic() + 300  # for a helper that never finishes
    from PIL import Image
    from wagtail.images.models import Filter, WagtailImageFieldFile
    from willow.image import AvifImageFile, GIFImageFile, JPEGImageFile, PNGImageFile, WebPImageFile

    file_classes = dict(
        zip(CACHED_FORMATS, (JPEGImageFile, PNGImageFile, WebPImageFile, AvifImageFile, GIFImageFile), strict=True)
    )
    encode = Filter.run

    def run(self, image, output, source=None):
        if source is not None:
            source.seek(0)
            original = source.read()
            source.seek(0)
        else:
            with image.open_file() as file:
                original = file.read()
        key = rendition_key(original, self, image)
        found = cached_rendition(cache, key)
        while found is None and time.monotonic() < wait_until and builder_running(cache):
            time.sleep(0.05)  # the helper is encoding the demo: this file is probably next
            found = cached_rendition(cache, key)
        if found is not None:
            format_name, content = found
            output.write(content)
            return file_classes[format_name](output)
        generated = encode(self, image, output, source=source)
        if generated.format_name in file_classes:
            output.seek(0)
            store_rendition(cache, key, generated.format_name, output.read())
        return generated

    measure = WagtailImageFieldFile.get_image_dimensions

    def dimensions(self):
        closed = self.closed
        try:
            self.open()
            with Image.open(self) as image:  # Willow's open decodes the whole image first
                return image.size
        finally:
            if closed:
                self.close()
            else:
                self.seek(0)

    Filter.run, WagtailImageFieldFile.get_image_dimensions = run, dimensions
    try:
        with demo_encoders():  # for the whole load_demo: its threads encode at once
            yield
    finally:
        Filter.run, WagtailImageFieldFile.get_image_dimensions = encode, measure


def build_demo_renditions(cache_dir: str) -> None:
    """The helper process: every site rendition of every demo image into the cache, in the
    order load_demo imports them (movements, then articles)."""
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # exits through atexit (test settings' folders)
    import django

    django.setup()
    from django.core.files import File
    from wagtail.images.models import Filter

    from core.models import CustomImage
    from core.renditions import site_filters
    from home.demo_images import illustration_png
    from home.management.commands.load_demo import DEMO_DIR

    cache = Path(cache_dir)
    seeds = [item["slug"] for item in json.loads((DEMO_DIR / "movements.json").read_text(encoding="utf-8"))]
    for line in (DEMO_DIR / "articles.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            seeds.append(json.loads(line)["external_id"])
    with builder_lock(cache) as lock, demo_encoders():
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return  # another session's helper is filling this cache
        for seed in seeds:
            png = illustration_png(seed)
            image = CustomImage(collection_id=1, title=seed)  # never saved: no database here
            image.file.name = f"original_images/{seed}.png"
            for spec in site_filters():
                filter = Filter(spec=spec)
                key = rendition_key(png, filter, image)
                if cached_rendition(cache, key) is None:
                    output = io.BytesIO()
                    generated = filter.run(image, output, source=File(io.BytesIO(png), name=image.file.name))
                    if generated.format_name in CACHED_FORMATS:
                        store_rendition(cache, key, generated.format_name, output.getvalue())


class DemoBuilder:
    """The helper process of this session, if it started one."""

    process = None

    def start(self) -> None:
        cache = rendition_cache()
        if cache is None or self.process is not None:
            return
        try:
            cache.mkdir(parents=True, exist_ok=True)
            os.utime(cache)  # in use: kept
            for old in cache.parent.glob("?" * len(cache.name)):  # folders of encoders no longer installed
                unused = time.time() - old.stat().st_mtime > KEEP_UNUSED_DAYS * 86400
                if old != cache and (old / ".builder.lock").exists() and unused:
                    shutil.rmtree(old, ignore_errors=True)
            log = open(cache / "builder.log", "w")  # noqa: SIM115 (the child's, closed below)
        except OSError:
            return  # no writable cache: load_demo encodes everything itself
        env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
        env.update(
            DATABASE_URL="sqlite://:memory:",  # the helper never needs one; no stray db.sqlite3
            DJANGO_SETTINGS_MODULE=os.environ.get("DJANGO_SETTINGS_MODULE", "config.settings.test"),
        )
        code = f"from tests.demo_renditions import build_demo_renditions; build_demo_renditions({str(cache)!r})"
        with log:
            self.process = subprocess.Popen(
                [sys.executable, "-c", code], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
            )

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


demo_builder = DemoBuilder()

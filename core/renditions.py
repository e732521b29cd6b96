"""No reader waits for image processing.

Renditions (the resized AVIF, WebP and JPEG files) are made by the background worker: when an
image is uploaded or imported (`make_renditions`, queued in the same transaction) and whenever a
page asks for one that does not exist yet. Until then the page gets a placeholder: the same
<img>/<picture> markup with Wagtail's signed image URL (/images/<signature>/<id>/<filter>/),
whose view makes that one rendition when the browser asks for it and redirects to the file.
So the page answers at once and the image still shows; only the worker and that view ever run
Pillow (core.models.CustomImage.create_renditions).
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.core.cache import cache
from django_tasks import task

# What the templates and feeds ask for (site/templates/components/*.html, feeds/items.py),
# made for every image as soon as it is uploaded so that most pages never need a placeholder.
SITE_RENDITIONS = (
    "format-{avif,webp,jpeg} width-{480,800,1200}",  # figures in an article body, the hero
    "format-{avif,webp,jpeg} fill-{640x360,1200x675}",  # large cards
    "format-{avif,webp,jpeg} fill-{400x225,800x450}",  # cards
    "fill-1200x630 format-jpeg",  # og:image, JSON-LD
    "max-1600x1600|format-jpeg|jpegquality-85",  # feeds: the hero photo
    "max-1200x1200|format-jpeg|jpegquality-85",  # feeds: photos in the body
)
QUEUE_AGAIN_AFTER_SECONDS = 120  # a page asking again meanwhile enqueues nothing more

_may_make = ContextVar("may_make_renditions", default=False)


@contextmanager
def making_allowed():
    """Inside this block renditions are really made (the worker's task, the image view)."""
    token = _may_make.set(True)
    try:
        yield
    finally:
        _may_make.reset(token)


def may_make() -> bool:
    return _may_make.get()


def site_filters() -> list[str]:
    from wagtail.images.models import Filter

    specs = []
    for pattern in SITE_RENDITIONS:
        if "|" in pattern:
            specs.append(pattern)
        else:
            specs += Filter.expand_spec(pattern.split())
    return specs


@task()
def make_renditions(image_id: int, specs: list[str] | None = None) -> int:
    """Every rendition the site uses for one image, plus `specs`; returns how many exist."""
    from wagtail.images import get_image_model

    image = get_image_model().objects.filter(pk=image_id).first()
    if image is None:  # deleted meanwhile
        return 0
    with making_allowed():
        return len(image.get_renditions(*dict.fromkeys([*site_filters(), *(specs or [])])))


def request_renditions(image, specs=()) -> None:
    """Ask the worker for an image's renditions, once per image per couple of minutes."""
    if cache.add(f"renditions-queued:{image.pk}", True, QUEUE_AGAIN_AFTER_SECONDS):
        make_renditions.enqueue(image.pk, list(specs))


def image_saved(sender, instance, created=False, update_fields=None, **kwargs) -> None:
    """post_save receiver: a new image, or a new file or focal point, gets its renditions."""
    if created or not update_fields or {"file", "focal_point_x", "focal_point_y"} & set(update_fields):
        # In the saving transaction: the worker sees the task when it sees the image.
        make_renditions.enqueue(instance.pk)


def image_view():
    """Wagtail's signed image view (/images/…), the one place besides the worker where a
    reader's request makes a rendition: the one the browser asked for. It redirects to the
    file, which the web server or the media storage serves."""
    from wagtail.images.views.serve import ServeView

    class RenditionView(ServeView):
        def get(self, *args, **kwargs):
            with making_allowed():
                return super().get(*args, **kwargs)

    return RenditionView.as_view(action="redirect")

"""No reader waits for image processing (core.renditions): a page whose renditions are not
made yet answers with Wagtail's signed image URLs and asks the worker; the image URL makes
the one rendition the browser asked for."""

import re

import pytest
from wagtail.images.tests.utils import get_test_image_file

from core.models import CustomImage, CustomRendition
from core.renditions import make_renditions, site_filters
from tests.factories import make_story

DUMMY_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.fixture
def queued(settings):
    """Tasks are recorded, not run: as with the worker stopped."""
    from django_tasks import default_task_backend

    settings.TASKS = DUMMY_TASKS
    default_task_backend.clear()
    yield default_task_backend
    default_task_backend.clear()


def test_an_upload_queues_its_renditions(db, queued):
    image = CustomImage.objects.create(title="Ảnh mới", file=get_test_image_file(size=(900, 600)))
    assert [r.args for r in queued.results if r.task == make_renditions] == [[image.pk]]
    assert not CustomRendition.objects.filter(image=image).exists()


def test_a_page_whose_renditions_are_not_made_answers_without_making_them(client, db, queued):
    image = CustomImage.objects.create(title="Ảnh mới", file=get_test_image_file(size=(900, 600)))
    story = make_story(
        title="Bài có ảnh chưa xử lý",
        hero_image=image,
        body=[("image", {"image": image, "caption": "Chú thích", "credit": "Tác giả"})],
    )
    queued.clear()

    page = client.get(story.url).content.decode()
    assert "/images/" in page and f"/{image.pk}/" in page  # signed image URLs, not files
    assert not CustomRendition.objects.filter(image=image).exists()  # nothing made in the request
    assert any(r.task == make_renditions and r.args[0] == image.pk for r in queued.results)  # the worker is asked

    url = re.search(r'src="(/images/[^"]+)"', page).group(1)
    answer = client.get(url.replace("&amp;", "&"))
    assert answer.status_code == 302 and answer["Location"].startswith("/media/images/")
    assert CustomRendition.objects.filter(image=image).count() == 1  # just the one asked for


def test_the_worker_makes_every_rendition_the_site_uses(db, queued):
    image = CustomImage.objects.create(title="Ảnh mới", file=get_test_image_file(size=(900, 600)))
    assert make_renditions.call(image.pk) == len(site_filters())
    made = set(CustomRendition.objects.filter(image=image).values_list("filter_spec", flat=True))
    assert {"format-avif|width-480", "fill-1200x630|format-jpeg", "format-webp|fill-400x225"} <= made


def test_fragments_cached_with_placeholders_are_refreshed_once_renditions_exist(client, db, queued):
    image = CustomImage.objects.create(title="Ảnh mới", file=get_test_image_file(size=(900, 600)))
    story = make_story(title="Bài có ảnh chưa xử lý", hero_image=image)
    assert "/images/" in client.get("/guong-sang/").content.decode()
    make_renditions.call(image.pk)
    from core.cache import bump_content_version

    bump_content_version()  # the page cache expires (the card fragment keeps its own key)
    listing = client.get("/guong-sang/").content.decode()
    assert f"/{image.pk}/" not in listing.split(story.title)[0].rsplit("<article", 1)[-1]
    assert ".avif" in listing

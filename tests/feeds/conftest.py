"""Pages with everything a feed prints: hero photo with caption and credit, a body figure, a
byline, movements, localities and tags."""

from datetime import timedelta

import feedparser
import pytest
from django.utils import timezone
from lxml import etree

from tests.factories import make_news, make_story

CREDIT = "Anh Dũng/TTXVN"
CAPTION = "Thầy Quý dạy chữ cho phụ huynh người Mông"


@pytest.fixture
def photo(db):
    from wagtail.images.tests.utils import get_test_image_file

    from core.models import CustomImage

    return CustomImage.objects.create(
        title="Lớp học buổi tối", file=get_test_image_file(size=(800, 600)), caption=CAPTION, credit=CREDIT
    )


def publish_with(page, movements=(), localities=(), tags=()):
    """Set relations on a page, then publish a revision as an editor's save does."""
    if movements:
        page.movements = list(movements)
    if localities:
        page.localities = list(localities)
    for tag in tags:
        page.tags.add(tag)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


@pytest.fixture
def movement(db):
    from movements.models import MovementPage

    return MovementPage.objects.live().public().order_by("path").first()


@pytest.fixture
def rich_story(db, photo, movement):
    """The newest story, with every field a partner republishes."""
    from core.models import Locality

    story = make_story(
        title="Người thầy mở lớp xoá mù chữ trên cao nguyên đá",
        lead="Hơn mười năm gắn bó với điểm trường vùng cao.",
        byline="Trần Long - Thuỳ Linh",
        hero_image=photo,
        published_at=timezone.now() - timedelta(minutes=5),
        body=[
            ("paragraph", '<p>Xem thêm <a href="/guong-sang/">các gương sáng</a> khác.</p>'),
            ("image", {"image": photo, "caption": "", "credit": ""}),
            ("quote", {"text": "Chữ là con đường", "attribution": "Thầy Quý"}),
        ],
    )
    return publish_with(
        story, movements=[movement], localities=[Locality.objects.get(slug="binh-dinh")], tags=["giáo dục"]
    )


@pytest.fixture
def rich_news(db, movement):
    return make_news(
        title="Tổng kết phong trào thi đua năm nay",
        byline="Minh Anh",
        published_at=timezone.now() - timedelta(minutes=10),
    )


def parse(response):
    """feedparser's view and lxml's tree of a feed response (both must accept it)."""
    assert response.status_code == 200, response.content[:300]
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.bozo_exception
    return parsed, etree.fromstring(response.content)

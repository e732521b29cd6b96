""" "Đính chính": a dated correction note an editor attaches to a published story."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import feedparser
import time_machine
from django.test import Client

from core.models import Correction
from exemplars.models import StoryPage
from newsroom.roles import LANH_DAO_DUYET
from tests.factories import make_news, make_story

from .conftest import edit_story

VN = ZoneInfo("Asia/Ho_Chi_Minh")
CORRECTION = "Bài viết ghi nhầm tuổi của anh Đức: anh 45 tuổi, không phải 54 tuổi."


def _correction_form(text=CORRECTION, day="22/11/2026"):
    return {
        "corrections-TOTAL_FORMS": "1",
        "corrections-0-id": "",
        "corrections-0-ORDER": "1",
        "corrections-0-DELETE": "",
        "corrections-0-date": day,
        "corrections-0-text": text,
    }


def test_published_correction_shows_on_the_story_and_updates_its_feed_entry(make_user, client_for):
    reader = Client()
    written = datetime(2026, 11, 20, 8, 0, tzinfo=VN)
    with time_machine.travel(written, tick=False):
        story = make_story("Anh Đức cứu ba người trong lũ", published_at=written)
    assert "Đính chính" not in reader.get(story.url).content.decode()

    corrected = datetime(2026, 11, 22, 15, 30, tzinfo=VN)
    with time_machine.travel(corrected, tick=False):
        editor = client_for(make_user(LANH_DAO_DUYET))
        edit_story(editor, story, **_correction_form(), **{"action-publish": "1"})

    story = StoryPage.objects.get(pk=story.pk)
    assert story.last_published_at == corrected
    html = reader.get(story.url).content.decode()
    assert 'id="dinh-chinh"' in html and "Đính chính" in html
    assert '<time datetime="2026-11-22">22/11/2026</time>: ' + CORRECTION in html
    assert CORRECTION in reader.get(f"{story.url}in/").content.decode()  # the print view too

    feed = feedparser.parse(reader.get("/feeds/all.atom").content)
    entry = next(e for e in feed.entries if e.link.endswith(story.url))
    updated = datetime(*entry.updated_parsed[:6], tzinfo=UTC)
    assert updated == corrected and updated > written


def test_a_correction_saved_as_draft_is_not_shown(make_user, client_for):
    story = make_story("Tin chưa đính chính")
    edit_story(client_for(make_user(LANH_DAO_DUYET)), story, **_correction_form())
    assert CORRECTION not in Client().get(story.url).content.decode()


def test_corrections_are_plain_text_newest_first(make_user, client_for):
    news = make_news("Hội nghị điển hình tiên tiến cấp tỉnh")
    Correction.objects.create(page=news, date=datetime(2026, 11, 1).date(), text="Sửa tên hội nghị.")
    Correction.objects.create(
        page=news, date=datetime(2026, 11, 5).date(), text="<script>alert(1)</script> Sửa ngày họp."
    )
    html = Client().get(news.url).content.decode()
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt; Sửa ngày họp." in html
    assert html.index("05/11/2026") < html.index("01/11/2026")


def test_the_news_and_story_editors_offer_corrections(make_user, client_for, sections):
    editor = client_for(make_user(LANH_DAO_DUYET))
    for page in (make_story("Bài có đính chính"), make_news("Tin có đính chính")):
        html = editor.get(f"/admin/pages/{page.pk}/edit/").content.decode()
        assert 'name="corrections-TOTAL_FORMS"' in html and "Ngày đính chính" in html

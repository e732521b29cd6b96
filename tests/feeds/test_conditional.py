"""Cheap polling: strong ETags, Last-Modified, 304s that touch nothing, same bytes for the
same content, and a new ETag (never a new guid) when an article is edited."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils.http import http_date, parse_http_date

from tests.feeds.conftest import parse

FEEDS = ["/feeds/all.rss", "/feeds/all.atom", "/feeds/all.json", "/feeds/stories.rss", "/sitemap-news.xml"]


@pytest.mark.parametrize("url", FEEDS)
def test_validators_and_304(client, rich_story, url, django_assert_num_queries):
    first = client.get(url)
    assert first.status_code == 200
    etag, last_modified = first["ETag"], first["Last-Modified"]
    assert etag.startswith('"') and not etag.startswith("W/")  # strong
    assert parse_http_date(last_modified)

    with django_assert_num_queries(0):  # answered from the cached validators alone
        again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == etag and again["Last-Modified"] == last_modified

    assert client.get(url, HTTP_IF_NONE_MATCH=f"W/{etag}").status_code == 304
    assert client.get(url, HTTP_IF_NONE_MATCH=f'"other", {etag}').status_code == 304
    assert client.get(url, HTTP_IF_NONE_MATCH='"other"').status_code == 200
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304
    earlier = http_date(parse_http_date(last_modified) - 60)
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=earlier).status_code == 200
    # If-None-Match decides when both are sent (RFC 9110 §13.2.2)
    assert client.get(url, HTTP_IF_NONE_MATCH='"other"', HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 200


def test_304_before_anything_is_cached(client, rich_story):
    etag = client.get("/feeds/all.rss")["ETag"]
    cache.clear()  # a restarted worker: built again, same bytes, same ETag, still a 304
    assert client.get("/feeds/all.rss", HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_same_content_same_bytes(client, rich_story):
    for url in FEEDS:
        first = client.get(url).content
        cache.clear()
        assert client.get(url).content == first, url


def test_an_edit_changes_the_etag_and_keeps_the_guid(client, rich_story):
    before = client.get("/feeds/all.rss")
    parsed_before, _ = parse(before)
    guid = f"urn:uuid:{rich_story.translation_key}"

    rich_story.title = "Người thầy mở lớp xoá mù chữ trên cao nguyên đá (cập nhật)"
    rich_story.save_revision().publish()

    after = client.get("/feeds/all.rss", HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200 and after["ETag"] != before["ETag"]
    assert parse_http_date(after["Last-Modified"]) >= parse_http_date(before["Last-Modified"])
    parsed_after, _ = parse(after)
    edited = next(e for e in parsed_after.entries if e.id == guid)
    assert edited.title.endswith("(cập nhật)")
    assert [e.id for e in parsed_after.entries] == [e.id for e in parsed_before.entries]


def test_unpublishing_the_newest_never_moves_last_modified_back(client, rich_story):
    before = client.get("/feeds/all.rss")
    rich_story.unpublish()
    after = client.get("/feeds/all.rss", HTTP_IF_MODIFIED_SINCE=before["Last-Modified"])
    assert after.status_code == 200
    assert parse_http_date(after["Last-Modified"]) > parse_http_date(before["Last-Modified"])
    assert f"urn:uuid:{rich_story.translation_key}".encode() not in after.content


def test_a_photo_credit_edit_changes_the_feed(client, rich_story, photo):
    before = client.get("/feeds/all.rss")
    photo.credit = "Thống Nhất/TTXVN"
    photo.save()
    after = client.get("/feeds/all.rss", HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200 and "Thống Nhất/TTXVN" in after.content.decode()


def test_a_wrong_key_gets_the_public_feed(client, rich_story):
    public = client.get("/feeds/all.rss")
    keyed = client.get("/feeds/all.rss", {"key": "khong-phai-khoa-cua-ai-ca-0123456789"})
    assert keyed.status_code == 200 and keyed.content == public.content
    assert b"key=" not in keyed.content  # the self link is the public address


def test_cache_headers(client, rich_story):
    response = client.get("/feeds/all.rss")
    assert response["Content-Type"] == "application/rss+xml; charset=utf-8"
    assert "max-age" in response["Cache-Control"]
    assert 'rel="self"' in response["Link"]
    assert client.post("/feeds/all.rss").status_code == 405
    assert client.head("/feeds/all.rss").status_code == 200


def test_published_later_than_now_waits(client, db):
    from django.utils import timezone

    from tests.factories import make_story

    later = make_story(title="Bài hẹn giờ đăng theo ngày", published_at=timezone.now() + timedelta(hours=2))
    assert not later.live and later.go_live_at == later.published_at  # an embargo: scheduled for then
    assert f"urn:uuid:{later.translation_key}".encode() not in client.get("/feeds/all.rss").content

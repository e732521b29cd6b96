"""IPTC ninjs 2.2 for agencies: /api/ninjs/<id>/ and /api/ninjs/?since=, validated against the
official schema (shared/schemas, tests/schemas.py), with the rights, byline, places, subjects and the
photo's credit and caption; nothing unpublished, scheduled or private ever in it."""

import json
import re
import warnings
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import timezone
from jsonschema import Draft202012Validator
from wagtail.models import Page, PageViewRestriction, Site

from core.models import CustomImage, Locality
from feeds.models import SyndicationSettings
from movements.models import MovementPage
from tests.factories import make_news, make_story
from tests.schemas import missing_reason, schema_path

SCHEMA_NAME = "ninjs-schema_2.2.json"
SCHEMA_PATH = schema_path(SCHEMA_NAME)
VALIDATOR = (
    Draft202012Validator(json.loads(SCHEMA_PATH.read_text()), format_checker=Draft202012Validator.FORMAT_CHECKER)
    if SCHEMA_PATH
    else None
)


def assert_valid(item):
    """Validate against the official schema; without it the other checks of a test still run
    and a warning says the schema part was not checked."""
    if VALIDATOR is None:
        warnings.warn(f"ninjs not validated: {missing_reason(SCHEMA_NAME)}", stacklevel=2)
        return
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in VALIDATOR.iter_errors(item)]
    assert not errors, errors


def get_json(client, url, status=200, **params):
    response = client.get(url, params)
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"].startswith("application/json")
    return json.loads(response.content)


@pytest.fixture
def article(db):
    """A news item with everything ninjs carries: dateline, byline, movement, locality, tags,
    source and a hero photo with caption and credit."""
    image = CustomImage.objects.first()
    image.caption = "Lãnh đạo tỉnh trao Bằng khen cho các tập thể"
    image.credit = "Anh Dũng/TTXVN"
    image.save()
    page = make_news(
        title="Đắk Lắk tổng kết phong trào thi đua",
        lead="Hơn 200 tập thể được khen thưởng.",
        dateline="Buôn Ma Thuột",
        byline="Trần Long - Thùy Linh",
        source="Theo Báo Đắk Lắk",
        source_url="https://baodaklak.example/tin",
        hero_image=image,
        body=[("paragraph", "<p>Sáng nay, tỉnh Đắk Lắk tổng kết phong trào thi đua.</p>")],
    )
    page.movements = [MovementPage.objects.live().first()]
    page.localities = [Locality.objects.get(slug="dak-lak")]
    page.tags.add("khen thưởng")
    page.save_revision().publish()
    page.refresh_from_db()
    return page


@pytest.mark.skipif(VALIDATOR is None, reason=missing_reason(SCHEMA_NAME))
def test_the_schema_checks_formats(db):
    """The format checker is active (jsonschema's format-nongpl extra): a bad uri or a date
    that is not RFC 3339 is an error, so the tests below really check them."""
    assert list(VALIDATOR.iter_errors({"uri": "urn:uuid:8f5e0f0e-5b1c-4a57-9d55-2f0c1d3b7a10"})) == []
    assert list(VALIDATOR.iter_errors({"uri": "không phải uri"}))
    assert list(VALIDATOR.iter_errors({"uri": "urn:x:1", "versioncreated": "20/11/2026 08:00"}))
    assert list(VALIDATOR.iter_errors({"uri": "urn:x:1", "url": "https://example.org/"}))  # no extra keys


def test_one_item_is_valid_ninjs_with_everything_partners_need(client, article):
    item = get_json(client, f"/api/ninjs/{article.pk}/")
    assert_valid(item)
    assert item["uri"] == f"urn:uuid:{article.translation_key}"
    assert item["type"] == "text" and item["language"] == "vi" and item["pubstatus"] == "usable"
    assert item["standard"] == {
        "name": "ninjs",
        "version": "2.2",
        "schema": "http://www.iptc.org/std/ninjs/ninjs-schema_2.2.json",
    }
    assert item["headlines"][0]["value"] == "Đắk Lắk tổng kết phong trào thi đua"
    assert item["descriptions"][0]["value"] == "Hơn 200 tập thể được khen thưởng."
    assert item["by"] == "Trần Long, Thùy Linh"
    assert item["located"] == "Buôn Ma Thuột"
    assert item["versioncreated"].endswith("+07:00") and item["firstcreated"].endswith("+07:00")
    assert item["copyrightnotice"] == "© Gương Sáng"
    assert item["usageterms"] == "Được phép đăng lại, ghi rõ nguồn"
    assert item["places"] == [
        {
            "name": "Đắk Lắk",
            "rel": "about",
            "literal": "dak-lak",
            "uri": "http://testserver/feeds/localities/dak-lak.rss",
        }
    ]
    movement = article.movements.first()
    assert {
        "name": movement.title,
        "rel": "movement",
        "literal": movement.slug,
        "uri": movement.get_full_url(),
    } in item["subjects"]
    assert {"name": "khen thưởng", "rel": "tag", "literal": "khen-thuong"} in item["subjects"]  # ASCII, đ → d
    assert item["infosources"] == [
        {"name": "Theo Báo Đắk Lắk", "role": "originator", "uri": "https://baodaklak.example/tin"}
    ]
    assert {"role": "page-id", "value": str(article.pk)} in item["altids"]
    assert item["renditions"][0]["href"] == article.get_full_url()  # the canonical address, as in RSS
    body = item["bodies"][0]
    assert body["contenttype"] == "text/html"
    assert body["value"] == "<p>Sáng nay, tỉnh Đắk Lắk tổng kết phong trào thi đua.</p>"
    assert (body["wordcount"], body["charcount"]) == (11, 51)


def test_the_photo_is_an_association_with_rendition_credit_and_caption(client, article):
    item = get_json(client, f"/api/ninjs/{article.pk}/")
    [picture] = item["associations"]
    assert picture["type"] == "picture" and picture["name"] == "featureimage"
    assert picture["uri"].startswith("urn:uuid:")
    assert picture["by"] == "Anh Dũng/TTXVN"
    assert picture["descriptions"] == [
        {"role": "caption", "contenttype": "text/plain", "value": "Lãnh đạo tỉnh trao Bằng khen cho các tập thể"}
    ]
    [rendition] = picture["renditions"]
    assert rendition["href"].startswith("http://testserver/") and rendition["contenttype"] == "image/jpeg"
    assert rendition["width"] > 0 and rendition["height"] > 0 and rendition["sizeinbytes"] > 0
    assert client.get(urlsplit(rendition["href"]).path).status_code in (
        200,
        404,
    )  # served by the web server in production


def test_body_urls_are_absolute(client, article):
    article.body = [("paragraph", '<p>Xem <a href="/guong-sang/">các gương sáng</a>.</p>')]
    article.save_revision().publish()
    body = get_json(client, f"/api/ninjs/{article.pk}/")["bodies"][0]["value"]
    assert 'href="http://testserver/guong-sang/"' in body


def test_copyright_and_usage_terms_follow_the_site_setting(client, article):
    settings = SyndicationSettings.for_site(Site.objects.get(is_default_site=True))
    settings.copyright_notice = "© Báo Gương Sáng 2026"
    settings.usage_terms = "Chỉ đăng lại khi có thỏa thuận"
    settings.save()
    item = get_json(client, f"/api/ninjs/{article.pk}/")
    assert (item["copyrightnotice"], item["usageterms"]) == ("© Báo Gương Sáng 2026", "Chỉ đăng lại khi có thỏa thuận")
    assert_valid(item)
    listed = get_json(client, "/api/ninjs/")["items"]
    assert {i["usageterms"] for i in listed} == {"Chỉ đăng lại khi có thỏa thuận"}


def test_the_list_is_valid_ninjs_newest_change_first(client, article):
    data = get_json(client, "/api/ninjs/", page_size=100)
    assert data["items"], "the demo content is listed"
    for item in data["items"]:
        assert_valid(item)
    assert data["items"][0]["uri"] == f"urn:uuid:{article.translation_key}"
    # Ordered by when this site last published each item (the "changed since" cursor);
    # versioncreated is when the content really changed (an archive import keeps its dates).
    published = {f"urn:uuid:{p.translation_key}": p.last_published_at for p in Page.objects.live()}
    changed = [published[i["uri"]] for i in data["items"]]
    assert changed == sorted(changed, reverse=True)
    assert all(i["versioncreated"] >= i["firstcreated"] for i in data["items"])


def test_since_lists_only_items_changed_since_then(client, article):
    before = timezone.localtime(article.last_published_at - timedelta(seconds=1))
    data = get_json(client, "/api/ninjs/", since=before.isoformat())
    assert [i["uri"] for i in data["items"]] == [f"urn:uuid:{article.translation_key}"]
    later = timezone.localtime(article.last_published_at + timedelta(seconds=1))
    assert get_json(client, "/api/ninjs/", since=later.isoformat())["items"] == []


def test_an_edit_moves_an_old_item_into_since(client, article):
    old = make_story(title="Bài cũ được sửa", published_at=timezone.now() - timedelta(days=30))
    checkpoint = timezone.now()
    old.lead = "Sapo mới sau khi sửa."
    old.save_revision().publish()
    items = get_json(client, "/api/ninjs/", since=checkpoint.isoformat())["items"]
    assert [i["headlines"][0]["value"] for i in items] == ["Bài cũ được sửa"]
    assert items[0]["descriptions"][0]["value"] == "Sapo mới sau khi sửa."
    assert items[0]["uri"] == f"urn:uuid:{old.translation_key}"  # same uri as before the edit


def test_a_naive_since_is_vietnam_time(client, article):
    local = timezone.localtime(article.last_published_at - timedelta(seconds=1)).replace(tzinfo=None, microsecond=0)
    assert len(get_json(client, "/api/ninjs/", since=local.isoformat())["items"]) == 1
    # the same wall-clock time read as UTC would be 7 hours later: nothing changed since then
    assert get_json(client, "/api/ninjs/", since=local.isoformat() + "Z")["items"] == []


def test_an_unencoded_plus_offset_is_understood(client, article):
    since = timezone.localtime(article.last_published_at - timedelta(seconds=1)).replace(microsecond=0)
    response = client.get(f"/api/ninjs/?since={since.isoformat()}")  # "+07:00" arrives as " 07:00"
    assert response.status_code == 200 and len(json.loads(response.content)["items"]) == 1


def test_pages_follow_next_links(client, db):
    since = timezone.now().isoformat()
    for n in range(4):
        make_story(title=f"Bài phân trang {n}")
    first = get_json(client, "/api/ninjs/", since=since, page_size=2)
    assert len(first["items"]) == 2 and first["next"]
    query = parse_qs(urlsplit(first["next"]).query)
    assert query["page"] == ["2"] and query["page_size"] == ["2"] and query["since"] == [since]
    second = get_json(client, urlsplit(first["next"]).path, **{k: v[0] for k, v in query.items()})
    assert len(second["items"]) == 2 and second["next"] is None
    uris = [i["uri"] for i in first["items"] + second["items"]]
    assert len(set(uris)) == 4


@pytest.mark.parametrize(
    "params, word",
    [
        ({"since": "hôm qua"}, "since"),
        ({"since": "2026-13-45"}, "since"),
        ({"since": "20/11/2026"}, "since"),
        ({"since": "0001-01-01T00:00:00+14:00"}, "since"),  # before year 1 in UTC
        ({"page": "0"}, "page"),
        ({"page": "abc"}, "page"),
        ({"page_size": "1000"}, "page_size"),
        ({"page": "500", "page_size": "100"}, "since muộn hơn"),
    ],
)
def test_bad_parameters_are_a_400_with_a_vietnamese_message(client, db, params, word):
    data = get_json(client, "/api/ninjs/", status=400, **params)
    assert word in data["error"] and (
        "không hợp lệ" in data["error"] or "phải" in data["error"] or "Chỉ" in data["error"]
    )


def test_control_characters_are_stripped_not_a_500(client, db):
    page = make_story(
        title="Người tốt\x0b việc tốt\x1f",
        lead="Sapo\x00 có ký tự lạ.",
        body=[("paragraph", "<p>Đoạn\x0c văn.</p>")],
        byline="Hà\x08 Anh",
    )
    item = get_json(client, f"/api/ninjs/{page.pk}/")
    assert_valid(item)
    assert item["headlines"][0]["value"] == "Người tốt việc tốt"
    assert item["descriptions"][0]["value"] == "Sapo có ký tự lạ."
    assert item["bodies"][0]["value"] == "<p>Đoạn văn.</p>" and item["by"] == "Hà Anh"
    assert not re.search(r"\\u00(0[0-8bcef]|1[0-9a-f])", json.dumps(item))  # no control character left


def test_conditional_get_answers_304(client, article):
    first = client.get(f"/api/ninjs/{article.pk}/")
    again = client.get(f"/api/ninjs/{article.pk}/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304


@pytest.fixture
def hidden(db):
    draft = make_story(title="BíMật bản nháp", publish=False)
    scheduled = make_story(title="BíMật hẹn giờ", publish=False)
    scheduled.go_live_at = timezone.now() + timedelta(days=1)
    scheduled.save_revision().publish()  # with a future go-live this only schedules
    private = make_story(title="BíMật riêng tư")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.PASSWORD, password="x")
    future = make_story(title="BíMật giờ đăng tương lai", published_at=timezone.now() + timedelta(days=1))
    return {"draft": draft, "scheduled": scheduled, "private": private, "future": future}


def test_draft_scheduled_and_private_pages_are_never_listed(client, hidden):
    body = client.get("/api/ninjs/", {"page_size": 100, "since": "2000-01-01"}).content.decode()
    assert "BíMật" not in body


@pytest.mark.parametrize("which", ["draft", "scheduled", "private", "future"])
def test_draft_scheduled_and_private_pages_are_404(client, hidden, which):
    data = get_json(client, f"/api/ninjs/{hidden[which].pk}/", status=404)
    assert data["error"] and "BíMật" not in json.dumps(data, ensure_ascii=False)


def test_unknown_ids_and_non_article_pages_are_404(client, db):
    get_json(client, "/api/ninjs/999999/", status=404)
    movement = MovementPage.objects.live().first()
    get_json(client, f"/api/ninjs/{movement.pk}/", status=404)


def test_a_withdrawn_article_is_announced_as_canceled_until_published_again(client, article):
    """Agencies keep running copy we took down unless `since` tells them (issue 14)."""
    uri = f"urn:uuid:{article.translation_key}"
    checkpoint = timezone.now()
    article.unpublish()
    items = get_json(client, "/api/ninjs/", since=checkpoint.isoformat())["items"]
    assert [(i["uri"], i["pubstatus"]) for i in items] == [(uri, "canceled")]
    assert items[0]["versioncreated"].endswith("+07:00")
    for item in items:
        assert_valid(item)
    assert "headlines" not in items[0] and "bodies" not in items[0]  # nothing of the withdrawn text

    article.save_revision().publish()  # back: usable again, announced once
    items = get_json(client, "/api/ninjs/", since=checkpoint.isoformat())["items"]
    assert [(i["uri"], i["pubstatus"]) for i in items] == [(uri, "usable")]


def test_a_deleted_article_is_announced_as_canceled_in_order_with_the_changes(client, article):
    doomed = make_story(title="Bài sẽ bị xoá")
    uri = f"urn:uuid:{doomed.translation_key}"
    checkpoint = timezone.now()
    Page.objects.get(pk=doomed.pk).delete()
    fresh = make_story(title="Bài mới sau khi xoá")
    items = get_json(client, "/api/ninjs/", since=checkpoint.isoformat())["items"]
    assert [(i["uri"], i["pubstatus"]) for i in items] == [
        (f"urn:uuid:{fresh.translation_key}", "usable"),  # most recent change first
        (uri, "canceled"),
    ]
    # Paged like the rest: one per page, the next link leads to the withdrawal.
    first = get_json(client, "/api/ninjs/", since=checkpoint.isoformat(), page_size=1)
    assert [i["pubstatus"] for i in first["items"]] == ["usable"]
    query = {k: v[0] for k, v in parse_qs(urlsplit(first["next"]).query).items()}
    assert [i["uri"] for i in get_json(client, "/api/ninjs/", **query)["items"]] == [uri]

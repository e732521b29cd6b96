"""IPTC ninjs for agencies: /api/ninjs/<id>/ and /api/ninjs/?since=, in ninjs 2.2 and (?version=1)
ninjs 1.x, validated against the official schemas (shared/schemas, tests/schemas.py), with the
rights, byline, places, subjects and the photo's credit and caption; the 1.x profile read by a
parser that behaves like Superdesk's ninjs ingest (tests/feeds/superdesk_ninjs.py); changes walked
with a cursor whatever their number; nothing unpublished, scheduled or private ever in it."""

import json
import re
import uuid
import warnings
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
import time_machine
from django.utils import timezone
from jsonschema import Draft7Validator, Draft202012Validator
from wagtail.models import Page, PageViewRestriction, Site

from core.models import CustomImage, Locality
from feeds.models import SyndicationSettings
from feeds.ninjs import PHOTO_NAMESPACE
from movements.models import MovementPage
from tests.factories import make_news, make_story
from tests.feeds import superdesk_ninjs
from tests.schemas import missing_reason, schema_path

SCHEMA_NAME = "ninjs-schema_2.2.json"
SCHEMA_PATH = schema_path(SCHEMA_NAME)
VALIDATOR = (
    Draft202012Validator(json.loads(SCHEMA_PATH.read_text()), format_checker=Draft202012Validator.FORMAT_CHECKER)
    if SCHEMA_PATH
    else None
)
SCHEMA_1_NAME = "ninjs-schema_1.6.json"
SCHEMA_1_PATH = schema_path(SCHEMA_1_NAME)
VALIDATOR_1 = (
    Draft7Validator(json.loads(SCHEMA_1_PATH.read_text()), format_checker=Draft7Validator.FORMAT_CHECKER)
    if SCHEMA_1_PATH
    else None
)


def assert_valid(item, validator=None, name=SCHEMA_NAME):
    """Validate against the official schema; without it the other checks of a test still run
    and a warning says the schema part was not checked."""
    validator = validator or VALIDATOR
    if validator is None:
        warnings.warn(f"ninjs not validated: {missing_reason(name)}", stacklevel=2)
        return
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(item)]
    assert not errors, errors


def assert_valid_1(item):
    assert_valid(item, VALIDATOR_1, SCHEMA_1_NAME)


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
    # Edited a minute from now: no other change (the demo's load, seconds ago) is that recent.
    with time_machine.travel(timezone.now() + timedelta(minutes=1)):
        article.save_revision().publish()
    local = timezone.localtime(article.last_published_at - timedelta(seconds=1)).replace(tzinfo=None, microsecond=0)
    items = get_json(client, "/api/ninjs/", since=local.isoformat())["items"]
    assert [i["uri"] for i in items] == [f"urn:uuid:{article.translation_key}"], [
        (i["uri"], i.get("pubstatus"), i.get("versioncreated"), i.get("headlines")) for i in items
    ]
    # the same wall-clock time read as UTC would be 7 hours later: nothing changed since then
    assert get_json(client, "/api/ninjs/", since=local.isoformat() + "Z")["items"] == []


def test_an_unencoded_plus_offset_is_understood(client, article):
    since = timezone.localtime(article.last_published_at - timedelta(seconds=1)).replace(microsecond=0)
    response = client.get(f"/api/ninjs/?since={since.isoformat()}")  # "+07:00" arrives as " 07:00"
    assert response.status_code == 200 and len(json.loads(response.content)["items"]) == 1


def walk(client, first_url, **params):
    """Follow `next` from the first page; every page's items and the last page's `poll`."""
    pages = [get_json(client, first_url, **params)]
    while pages[-1]["next"]:
        link = urlsplit(pages[-1]["next"])
        pages.append(get_json(client, link.path, **{k: v[0] for k, v in parse_qs(link.query).items()}))
    return [item for page in pages for item in page["items"]], pages


def test_since_pages_follow_a_cursor_oldest_change_first(client, db):
    since = timezone.now().isoformat()
    stories = [make_story(title=f"Bài phân trang {n}") for n in range(4)]
    first = get_json(client, "/api/ninjs/", since=since, page_size=2)
    assert len(first["items"]) == 2 and first["next"] and first["poll"] == first["next"]
    query = parse_qs(urlsplit(first["next"]).query)
    assert query["page_size"] == ["2"] and query["since"] == [since] and "page" not in query
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z_\d+", query["cursor"][0])  # readable
    items, pages = walk(client, "/api/ninjs/", since=since, page_size=2)
    assert [i["uri"] for i in items] == [f"urn:uuid:{s.translation_key}" for s in stories]  # oldest first
    assert len(pages) == 2 and pages[-1]["next"] is None and pages[-1]["poll"]
    # Polling later from `poll`: only what changed after the last item seen, never it again.
    link = urlsplit(pages[-1]["poll"])
    poll = {k: v[0] for k, v in parse_qs(link.query).items()}
    assert get_json(client, link.path, **poll)["items"] == []
    stories[0].save_revision().publish()
    assert [i["uri"] for i in get_json(client, link.path, **poll)["items"]] == [
        f"urn:uuid:{stories[0].translation_key}"
    ]


def test_the_old_page_parameter_still_works_with_since(client, db):
    """Clients built for page/page_size keep working: `page` is an offset into the same
    (oldest-first) order, at most 1,000 deep; `next` is a cursor from there on."""
    since = timezone.now().isoformat()
    stories = [make_story(title=f"Bài trang cũ {n}") for n in range(3)]
    second = get_json(client, "/api/ninjs/", since=since, page=2, page_size=2)
    assert second["page"] == 2 and [i["uri"] for i in second["items"]] == [f"urn:uuid:{stories[2].translation_key}"]
    assert second["next"] is None


def test_a_bulk_import_between_two_polls_is_walked_whole_with_a_change_meanwhile(
    client, db, django_assert_max_num_queries, monkeypatch
):
    """More changes between two polls than `page` reaches (MAX_ITEMS, a bulk import): `next`
    leads through all of them, no duplicate, no gap, also when an article changes while the
    agency walks; a withdrawal among them comes once, in its place. MAX_ITEMS is 100 here
    instead of 1,000 (and pages of 10 instead of 100): the same walk with a tenth of the pages
    to create (55 s of the suite's time at 1,210)."""
    from core.cache import bump_content_version
    from exemplars.models import StoryIndexPage, StoryPage
    from feeds import ninjs_views

    monkeypatch.setattr(ninjs_views, "MAX_ITEMS", 100)

    checkpoint = timezone.now()
    parent = StoryIndexPage.objects.get()
    base = timezone.now()
    created = []
    for n in range(121):  # as an import does: live pages, each published at its own moment
        moment = base + timedelta(milliseconds=n)
        page = StoryPage(
            title=f"Bài nhập {n}",
            slug=f"bai-nhap-{n}",
            lead="Nhập hàng loạt.",
            exemplar_name="Người tốt",
            published_at=checkpoint - timedelta(days=1),
            live=True,
            first_published_at=moment,
            last_published_at=moment if n % 10 else base,  # several changes share a moment too
        )
        parent.add_child(instance=page)
        created.append(page)
    doomed = created[60]
    Page.objects.get(pk=doomed.pk).specific.unpublish()  # a withdrawal among them
    bump_content_version()

    pages = [get_json(client, "/api/ninjs/", since=checkpoint.isoformat(), page_size=10)]
    changed_meanwhile = created[5]  # already seen on the first page, changed again while walking
    moved = created[115]  # not yet reached: it moves to the end
    while pages[-1]["next"]:
        if len(pages) == 3:
            changed_meanwhile.save_revision().publish()
            moved.save_revision().publish()
        link = urlsplit(pages[-1]["next"])
        with django_assert_max_num_queries(30):  # a fixed number, whatever the page holds
            pages.append(get_json(client, link.path, **{k: v[0] for k, v in parse_qs(link.query).items()}))
    items = [i for page in pages for i in page["items"]]
    seen = [(i["uri"], i["pubstatus"]) for i in items]
    expected = {(f"urn:uuid:{p.translation_key}", "usable") for p in created if p is not doomed}
    expected.add((f"urn:uuid:{doomed.translation_key}", "canceled"))
    assert set(seen) - {(f"urn:uuid:{changed_meanwhile.translation_key}", "usable")} <= expected
    assert set(seen) == expected  # no gap
    uris = [uri for uri, _ in seen]
    assert uris.count(f"urn:uuid:{changed_meanwhile.translation_key}") == 2  # its first version, then its change
    assert len(uris) == len(expected) + 1  # no other duplicate
    assert uris.count(f"urn:uuid:{doomed.translation_key}") == 1
    assert uris[-2:] == [f"urn:uuid:{changed_meanwhile.translation_key}", f"urn:uuid:{moved.translation_key}"]
    assert len(pages) == 13 and all(len(page["items"]) == 10 for page in pages[:-1])


def test_an_embargoed_article_comes_after_cursors_handed_out_before_it_was_visible(client, db):
    """A live article whose published_at is still ahead (an import can set one) is hidden; when
    that moment comes it is a change of that moment, after every cursor handed out before."""
    from core.cache import bump_content_version

    since = timezone.now().isoformat()
    embargoed = make_story(title="Bài đăng hẹn trước")
    type(embargoed).objects.filter(pk=embargoed.pk).update(published_at=timezone.now() + timedelta(hours=1))
    make_story(title="Bài đã thấy")
    _, pages = walk(client, "/api/ninjs/", since=since)
    assert [i["headlines"][0]["value"] for i in pages[0]["items"]] == ["Bài đã thấy"]
    # Its published_at arrives (set here, as the clock would reach it): it became visible now.
    type(embargoed).objects.filter(pk=embargoed.pk).update(published_at=timezone.now())
    bump_content_version()
    link = urlsplit(pages[-1]["poll"])
    items = get_json(client, link.path, **{k: v[0] for k, v in parse_qs(link.query).items()})["items"]
    assert [i["headlines"][0]["value"] for i in items] == ["Bài đăng hẹn trước"]


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
        ({"page": "500", "page_size": "100"}, "hãy hỏi với since"),
        ({"page": "500", "page_size": "100", "since": "2026-01-01"}, "liên kết next"),
        ({"cursor": "hôm qua"}, "cursor"),
        ({"cursor": "2026-11-20T01:02:03Z"}, "cursor"),  # no page id
        ({"cursor": "2026-11-20T01:02:03_12"}, "cursor"),  # no offset
        ({"cursor": "0001-01-01T00:00:00+14:00_1"}, "cursor"),
        ({"cursor": "2026-11-20T01:02:03Z_1", "page": "2"}, "Không dùng page"),
        ({"version": "3"}, "version"),
        ({"version": "1.x"}, "version"),
        ({"version": "2.0"}, "version"),
    ],
)
def test_bad_parameters_are_a_400_with_a_vietnamese_message(client, db, params, word):
    data = get_json(client, "/api/ninjs/", status=400, **params)
    assert word in data["error"] and (
        "không hợp lệ" in data["error"] or "phải" in data["error"] or "Chỉ" in data["error"] or "Không" in data["error"]
    )


def test_a_bad_version_of_one_item_is_a_400_too(client, article):
    data = get_json(client, f"/api/ninjs/{article.pk}/", status=400, version="ba")
    assert "version" in data["error"] and "không hợp lệ" in data["error"]


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


def test_an_article_made_private_is_canceled_and_comes_back_when_public_again(
    client, article, django_capture_on_commit_callbacks
):
    """A view restriction on the article's section hides it from readers: agencies following
    `since` get it as canceled, like an unpublish; when the restriction goes, it arrives again as
    usable after their cursor (and no longer as canceled)."""
    section = article.get_parent()
    in_section = {f"urn:uuid:{p.translation_key}" for p in type(article).objects.visible_to_readers().child_of(section)}
    assert len(in_section) > 1
    checkpoint = timezone.now()
    restriction = PageViewRestriction.objects.create(page=section, restriction_type=PageViewRestriction.LOGIN)
    changed = get_json(client, "/api/ninjs/", since=checkpoint.isoformat(), page_size=100)["items"]
    assert {i["uri"] for i in changed} == in_section  # every article of the section, the article among them
    assert {i["pubstatus"] for i in changed} == {"canceled"}
    get_json(client, f"/api/ninjs/{article.pk}/", status=404)

    # A second restriction inside the first hides nothing new: nothing more to announce.
    again = timezone.now()
    PageViewRestriction.objects.create(page=article, restriction_type=PageViewRestriction.LOGIN)
    assert get_json(client, "/api/ninjs/", since=again.isoformat())["items"] == []
    PageViewRestriction.objects.exclude(pk=restriction.pk).delete()

    back = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        restriction.delete()
    returned = get_json(client, "/api/ninjs/", since=back.isoformat(), page_size=100)["items"]
    assert {i["uri"] for i in returned} == in_section and {i["pubstatus"] for i in returned} == {"usable"}
    [item] = [i for i in returned if i["uri"] == f"urn:uuid:{article.translation_key}"]
    assert item["headlines"][0]["value"] == article.title
    since_checkpoint = get_json(client, "/api/ninjs/", since=checkpoint.isoformat(), page_size=100)["items"]
    assert {i["pubstatus"] for i in since_checkpoint} == {"usable"}


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
        (uri, "canceled"),  # oldest change first
        (f"urn:uuid:{fresh.translation_key}", "usable"),
    ]
    # Paged like the rest: one per page, the next link leads to the fresh article.
    first = get_json(client, "/api/ninjs/", since=checkpoint.isoformat(), page_size=1)
    assert [i["pubstatus"] for i in first["items"]] == ["canceled"]
    query = {k: v[0] for k, v in parse_qs(urlsplit(first["next"]).query).items()}
    assert [i["uri"] for i in get_json(client, "/api/ninjs/", **query)["items"]] == [
        f"urn:uuid:{fresh.translation_key}"
    ]


# --- ninjs 1.x (?version=1) -------------------------------------------------------------------


@pytest.mark.skipif(VALIDATOR_1 is None, reason=missing_reason(SCHEMA_1_NAME))
def test_the_1_6_schema_checks_formats(db):
    assert list(VALIDATOR_1.iter_errors({"uri": "urn:x:1", "versioncreated": "2026-11-20T01:00:00Z"})) == []
    assert list(VALIDATOR_1.iter_errors({"uri": "urn:x:1", "versioncreated": "20/11/2026 08:00"}))
    assert list(VALIDATOR_1.iter_errors({"uri": "urn:x:1", "headlines": []}))  # a 2.x name is not 1.x
    assert list(VALIDATOR_1.iter_errors({"uri": "urn:x:1", "associations": []}))  # an object in 1.x


def test_version_1_is_valid_ninjs_1_6_with_utc_times_and_keyed_objects(client, article):
    item = get_json(client, f"/api/ninjs/{article.pk}/", version="1")
    assert_valid_1(item)
    assert item["$standard"] == {
        "name": "ninjs",
        "version": "1.6",
        "schema": "http://www.iptc.org/std/ninjs/ninjs-schema_1.6.json",
    }
    assert item["uri"] == f"urn:uuid:{article.translation_key}"
    assert (item["type"], item["pubstatus"], item["language"], item["representationtype"]) == (
        "text",
        "usable",
        "vi",
        "complete",
    )
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", item["versioncreated"])
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", item["firstcreated"])
    two = get_json(client, f"/api/ninjs/{article.pk}/")
    assert superdesk_ninjs.utc_time(item["versioncreated"]) == timezone.datetime.fromisoformat(two["versioncreated"])
    assert item["headline"] == "Đắk Lắk tổng kết phong trào thi đua"
    assert item["description_text"] == "Hơn 200 tập thể được khen thưởng."
    assert item["body_html"] == two["bodies"][0]["value"]
    assert (item["charcount"], item["wordcount"]) == (51, 11)
    assert item["byline"] == "Trần Long, Thùy Linh" and item["located"] == "Buôn Ma Thuột"
    assert (item["copyrightnotice"], item["usageterms"]) == ("© Gương Sáng", "Được phép đăng lại, ghi rõ nguồn")
    assert item["place"] == [
        {"name": "Đắk Lắk", "rel": "about", "code": "dak-lak", "scheme": "http://testserver/feeds/localities/"}
    ]
    movement = article.movements.first()
    assert {
        "name": movement.title,
        "rel": "movement",
        "code": movement.slug,
        "scheme": "http://testserver/feeds/movements/",
    } in item["subject"]
    assert {"name": "khen thưởng", "rel": "tag", "code": "khen-thuong"} in item["subject"]
    assert item["genre"] == [{"name": "Tin phong trào", "code": "news", "scheme": "http://testserver/feeds/kinds/"}]
    assert item["infosource"] == [{"name": "Theo Báo Đắk Lắk", "rel": "originator"}]
    assert item["altids"] == {"page-id": str(article.pk)}
    assert item["renditions"] == {
        "web": {"href": article.get_full_url(), "mimetype": "text/html", "title": "Bài trên Gương Sáng"}
    }
    picture = item["associations"]["featuremedia"]
    assert picture["type"] == "picture" and picture["uri"] == two["associations"][0]["uri"]
    assert picture["byline"] == "Anh Dũng/TTXVN"
    assert picture["description_text"] == "Lãnh đạo tỉnh trao Bằng khen cho các tập thể"
    original = picture["renditions"]["original"]
    assert original["mimetype"] == "image/jpeg" and original["href"] == two["associations"][0]["renditions"][0]["href"]
    assert original["width"] > 0 and original["height"] > 0


def test_version_1_lists_and_withdrawals_are_valid_1_6_in_the_same_envelope(client, article):
    checkpoint = timezone.now()
    doomed = make_story(title="Bài sẽ gỡ")
    doomed.unpublish()
    fresh = make_story(title="Bài mới")
    data = get_json(client, "/api/ninjs/", since=checkpoint.isoformat(), version="1")
    assert set(data) == set(get_json(client, "/api/ninjs/", since=checkpoint.isoformat()))
    for item in data["items"]:
        assert_valid_1(item)
    canceled, usable = data["items"]
    assert (canceled["uri"], canceled["pubstatus"]) == (f"urn:uuid:{doomed.translation_key}", "canceled")
    assert canceled["$standard"]["version"] == "1.6" and canceled["altids"] == {"page-id": str(doomed.pk)}
    assert canceled["versioncreated"].endswith("Z") and "headline" not in canceled
    assert (usable["headline"], usable["pubstatus"]) == ("Bài mới", "usable")
    assert usable["uri"] == f"urn:uuid:{fresh.translation_key}"
    # The links keep the version: the walk stays in 1.x.
    assert parse_qs(urlsplit(data["poll"]).query)["version"] == ["1"]
    listed = get_json(client, "/api/ninjs/", version="1", page_size=100)  # without since: newest first
    for item in listed["items"]:
        assert_valid_1(item)
    assert listed["items"][0]["uri"] == f"urn:uuid:{fresh.translation_key}"


def test_each_version_has_its_own_cache_entry_and_etag(client, article):
    url = f"/api/ninjs/{article.pk}/"
    two, one = client.get(url), client.get(url, {"version": "1"})
    assert "headlines" in json.loads(two.content) and "headline" in json.loads(one.content)
    assert two["ETag"] != one["ETag"]
    assert client.get(url, {"version": "1"}, HTTP_IF_NONE_MATCH=two["ETag"]).status_code == 200
    assert client.get(url, {"version": "1"}, HTTP_IF_NONE_MATCH=one["ETag"]).status_code == 304
    assert "headlines" in json.loads(client.get(url, {"version": "2"}).content)  # 2 and 2.2: the default
    assert json.loads(client.get(url, {"version": "1.6"}).content) == json.loads(one.content)
    listed_two, listed_one = client.get("/api/ninjs/"), client.get("/api/ninjs/", {"version": "1"})
    assert listed_two["ETag"] != listed_one["ETag"]
    assert "headline" in json.loads(listed_one.content)["items"][0]


def test_a_superdesk_style_ninjs_ingest_reads_the_1x_profile_whole(client, article):
    """What an agency running Superdesk's ninjs ingest gets (tests/feeds/superdesk_ninjs.py
    behaves like it): from 1.x, headline, body, byline, subjects, places and the photo with its
    credit, caption and rendition; from 2.2, nothing: its "+07:00" times are refused, and even
    in UTC its arrays (`associations`, `renditions`) break the parser and its plural names
    (`headlines`, `bodies`, `by`, `subjects`, `places`) are not read. Hence ?version=1."""
    one = get_json(client, f"/api/ninjs/{article.pk}/", version="1")
    assert superdesk_ninjs.can_parse(one)
    ingested, picture = superdesk_ninjs.parse(one)
    assert ingested["headline"] == "Đắk Lắk tổng kết phong trào thi đua"
    assert ingested["body_html"] == "<p>Sáng nay, tỉnh Đắk Lắk tổng kết phong trào thi đua.</p>"
    assert ingested["byline"] == "Trần Long, Thùy Linh"
    assert ingested["abstract"] == "Hơn 200 tập thể được khen thưởng."
    assert ingested["dateline"] == {"located": {"city": "Buôn Ma Thuột"}}
    assert ingested["versioncreated"].tzinfo is not None and ingested["pubstatus"] == "usable"
    assert {"name": "khen thưởng", "qcode": "khen-thuong"} in ingested["subject"]
    movement = article.movements.first()
    assert {"name": movement.title, "qcode": movement.slug, "scheme": "http://testserver/feeds/movements/"} in (
        ingested["subject"]
    )
    assert ingested["place"] == [
        {"name": "Đắk Lắk", "qcode": "dak-lak", "scheme": "http://testserver/feeds/localities/"}
    ]
    assert ingested["renditions"]["web"] == {"href": article.get_full_url(), "mimetype": "text/html"}
    kept = ingested["associations"]["featuremedia"]
    assert kept["byline"] == "Anh Dũng/TTXVN" and picture["byline"] == "Anh Dũng/TTXVN"  # the credit
    assert picture["type"] == "picture"
    assert picture["description_text"] == "Lãnh đạo tỉnh trao Bằng khen cho các tập thể"
    assert picture["renditions"]["original"]["href"].startswith("http://testserver/")
    assert picture["renditions"]["original"]["mimetype"] == "image/jpeg"
    assert picture["renditions"]["original"]["width"] > 0

    # A withdrawal in 1.x is ingested as canceled.
    checkpoint = timezone.now()
    article.unpublish()
    [canceled] = get_json(client, "/api/ninjs/", since=checkpoint.isoformat(), version="1")["items"]
    assert superdesk_ninjs.parse(canceled)[0]["pubstatus"] == "canceled"

    # ninjs 2.2 fails such a parser, which is why the 1.x profile exists.
    article.save_revision().publish()
    two = get_json(client, f"/api/ninjs/{article.pk}/")
    assert superdesk_ninjs.can_parse(two)
    with pytest.raises(ValueError, match="not UTC"):
        superdesk_ninjs.parse(two)  # versioncreated "…+07:00"
    in_utc = {k: v for k, v in two.items() if k not in ("firstcreated", "versioncreated")}
    with pytest.raises(AttributeError):
        superdesk_ninjs.parse(in_utc)  # associations is an array in 2.x
    bare = {k: v for k, v in in_utc.items() if k not in ("associations", "renditions")}
    [read] = superdesk_ninjs.parse(bare)
    assert not any(read.get(k) for k in ("headline", "body_html", "byline", "subject", "place"))


def test_body_photos_are_picture_associations_placed_in_the_body_in_both_versions(client, article):
    """Every photo of the body (a photo block and each photo of a gallery) is a picture
    association "editor_N" with its own caption, credit and rendition, and the body marks where
    it stands the way Superdesk marks its embeds; the 1.x profile names the hero "featuremedia",
    Superdesk's name for an article's photo."""
    first, second, third = CustomImage.objects.all()[:3]
    second.credit = "Ngọc Hà"
    second.save()
    article.body = [
        ("paragraph", "<p>Đoạn đầu.</p>"),
        ("image", {"image": first, "caption": "Trao Bằng khen", "credit": "Minh Anh/TTXVN"}),
        ("paragraph", "<p>Đoạn giữa.</p>"),
        (
            "gallery",
            {
                "title": "Khoảnh khắc",
                "images": [
                    {"image": second, "caption": "Ra quân", "credit": ""},
                    {"image": third, "caption": "", "credit": "Quốc Dũng"},
                ],
            },
        ),
    ]
    article.save_revision().publish()

    two = get_json(client, f"/api/ninjs/{article.pk}/")
    assert_valid(two)
    names = [a["name"] for a in two["associations"]]
    assert names == ["featureimage", "editor_0", "editor_1", "editor_2"]
    editor_0, editor_1, editor_2 = two["associations"][1:]
    assert editor_0["by"] == "Minh Anh/TTXVN" and editor_0["descriptions"][0]["value"] == "Trao Bằng khen"
    assert editor_1["by"] == "Ngọc Hà"  # the photo's own credit when the block has none
    assert editor_2["by"] == "Quốc Dũng"
    assert {a["uri"] for a in two["associations"][1:]} == {
        f"urn:uuid:{uuid.uuid5(PHOTO_NAMESPACE, str(image.pk))}" for image in (first, second, third)
    }
    body = two["bodies"][0]["value"]
    for association in (editor_0, editor_1, editor_2):
        href = association["renditions"][0]["href"]
        name = association["name"]
        marked = re.search(
            rf'<!-- EMBED START Image {{id: "{name}"}} --><figure><img src="([^"]+)".*?</figure>'
            rf'<!-- EMBED END Image {{id: "{name}"}} -->',
            body,
            re.S,
        )
        assert marked and marked.group(1) == href, name
        assert association["renditions"][0]["width"] <= 1200
    assert body.index("Đoạn đầu") < body.index('"editor_0"') < body.index("Đoạn giữa") < body.index('"editor_1"')
    # Đoạn đầu, Đoạn giữa and the gallery title: the marks and the captions are not words of the text
    assert two["bodies"][0]["wordcount"] == 6

    one = get_json(client, f"/api/ninjs/{article.pk}/", version="1")
    assert_valid_1(one)
    assert list(one["associations"]) == ["featuremedia", "editor_0", "editor_1", "editor_2"]
    ingested, *pictures = superdesk_ninjs.parse(one)
    assert [p["byline"] for p in pictures] == ["Anh Dũng/TTXVN", "Minh Anh/TTXVN", "Ngọc Hà", "Quốc Dũng"]
    assert all(p["renditions"]["original"]["href"].startswith("http://testserver/") for p in pictures)
    assert '<!-- EMBED START Image {id: "editor_2"} -->' in ingested["body_html"]

    # The list walks read the same photos (loaded for all items at once).
    [listed] = [i for i in get_json(client, "/api/ninjs/", page_size=100)["items"] if i["uri"] == two["uri"]]
    assert listed["associations"] == two["associations"] and listed["bodies"] == two["bodies"]


def test_an_items_version_counts_its_own_publications_and_subjects_carry_media_topics(client, article):
    """Agencies replace their copy when `version` grows: 1, 2, 3 for this item, not a number
    shared by every page of the site; IPTC Media Topics let them route it (feeds.mediatopics)."""
    first = int(get_json(client, f"/api/ninjs/{article.pk}/")["version"])  # the fixture publishes it twice
    other = make_story(title="Một bài khác được sửa nhiều lần")
    assert get_json(client, f"/api/ninjs/{other.pk}/")["version"] == "1"
    for _ in range(3):
        other.save_revision().publish()
    article.lead = "Sapo đã sửa."
    article.save_revision().publish()
    item = get_json(client, f"/api/ninjs/{article.pk}/")
    assert item["version"] == str(first + 1)
    listed = {i["uri"]: i["version"] for i in get_json(client, "/api/ninjs/", page_size=100)["items"]}
    assert listed[f"urn:uuid:{article.translation_key}"] == str(first + 1)
    assert listed[f"urn:uuid:{other.translation_key}"] == "4"

    society = {
        "name": "society",
        "rel": "mediatopic",
        "uri": "http://cv.iptc.org/newscodes/mediatopic/14000000",
        "literal": "medtop:14000000",
    }
    assert society in item["subjects"]  # the article is a news item
    assert_valid(item)
    story = get_json(client, f"/api/ninjs/{other.pk}/", version="1")
    assert {
        "name": "human interest",
        "rel": "mediatopic",
        "code": "medtop:08000000",
        "scheme": "http://cv.iptc.org/newscodes/mediatopic/",
    } in story["subject"]

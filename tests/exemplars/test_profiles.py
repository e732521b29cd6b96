"""Exemplars' profiles (/ho-so/<slug>/): what readers see there and in the profile's feed is
exactly the stories readers may see, with their awards, timeline and JSON-LD; stories link to
profiles by name when saved or imported (exemplars.names)."""

import json
import re
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import PageViewRestriction

from core.models import AwardType, Locality
from exemplars.models import Exemplar, StoryAward, StoryPage
from tests.core.test_import import run_import
from tests.core.test_import import story as story_line
from tests.factories import make_story

NAME = "Lương Văn Khánh"


def ld(response) -> dict:
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S)
    return json.loads(found.group(1))


def award(page, name, number="", when=None, issuer=""):
    page.awards.add(
        StoryAward(
            award_type=AwardType.objects.get(name=name), decision_number=number, decision_date=when, issuing_body=issuer
        )
    )
    page.save_revision().publish()
    page.refresh_from_db()


@pytest.fixture
def award_names():
    names = list(AwardType.objects.order_by("pk").values_list("name", flat=True)[:3])
    assert len(names) == 3
    return names


@pytest.fixture
def khanh(db, award_names):
    """Two visible stories about one person, and a draft, a scheduled, an embargoed, an
    expired and a private one about the same person."""
    now = timezone.now()
    older = make_story(
        title="Thầy giáo cắm bản mười năm",
        exemplar_name=NAME,
        exemplar_occupation="Giáo viên",
        field_of_work="giao-duc",
        published_at=now - timedelta(days=800),
    )
    older.localities = [Locality.objects.get(slug="ha-noi")]
    older.save_revision().publish()
    award(older, award_names[0], "3021/QĐ-CTN", date(2019, 5, 21), "Chủ tịch nước")
    newer = make_story(title="Thầy Khánh và lớp học trên núi", exemplar_name=NAME, published_at=now - timedelta(days=3))
    award(newer, award_names[1], "2174/QĐ-TTg", date(2024, 8, 2))
    award(newer, award_names[0], "3021/QĐ-CTN", date(2019, 5, 21))  # the same decision told again

    draft = make_story(title="Bản nháp về thầy Khánh", exemplar_name=NAME, publish=False)
    scheduled = make_story(title="Bài hẹn giờ về thầy Khánh", exemplar_name=NAME, publish=False)
    scheduled.go_live_at = now + timedelta(days=1)
    scheduled.save_revision().publish()
    embargoed = make_story(title="Bài cấm vận về thầy Khánh", exemplar_name=NAME, published_at=now + timedelta(days=2))
    expired = make_story(title="Bài đã hết hạn về thầy Khánh", exemplar_name=NAME)
    expired.expire_at = now - timedelta(minutes=1)
    expired.save_revision().publish()
    call_command("publish_scheduled")
    private = make_story(title="Bài nội bộ về thầy Khánh", exemplar_name=NAME)
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="bi-mat")
    award(draft, award_names[2], "99/QĐ-BÍMẬT", date(2025, 1, 1))  # a draft's award: never shown
    draft.unpublish() if draft.live else None

    hidden = [draft, scheduled, embargoed, expired, private]
    for page in hidden:
        page.refresh_from_db()
    assert not draft.live and not scheduled.live and not expired.live and embargoed.published_at > now
    exemplar = Exemplar.objects.get(name=NAME)
    assert {p.exemplar_id for p in [older, newer, *hidden]} == {exemplar.pk}
    return {"exemplar": exemplar, "visible": [newer, older], "hidden": hidden}


def test_a_story_links_to_a_profile_created_from_it(khanh):
    exemplar = khanh["exemplar"]
    # the demo's "Lường Văn Khánh" (another man; the same letters without accents) took the first slug
    assert Exemplar.objects.get(slug="luong-van-khanh").name == "Lường Văn Khánh"
    assert exemplar.slug == "luong-van-khanh-2"
    assert exemplar.exemplar_type == "individual"
    assert exemplar.occupation == "Giáo viên" and exemplar.field_of_work == "giao-duc"
    assert exemplar.province.slug == "ha-noi"


def test_the_profile_lists_exactly_the_visible_stories(client, khanh):
    response = client.get("/ho-so/luong-van-khanh-2/")
    assert response.status_code == 200
    body = response.content.decode()
    for page in khanh["visible"]:
        assert page.title in body
    for page in khanh["hidden"]:
        assert page.title not in body, page.title
        assert page.url_path not in body
    assert "99/QĐ-BÍMẬT" not in body
    data = ld(response)
    assert [s["headline"] for s in data["subjectOf"]] == [p.title for p in khanh["visible"]]
    assert not any("99/QĐ" in a for a in data["award"])
    assert "Hà Nội" in body and "Giáo dục" in body


def test_awards_in_date_order_with_decision_numbers(client, khanh, award_names):
    body = client.get("/ho-so/luong-van-khanh-2/").content.decode()
    section = body.split('id="khen-thuong"')[1].split("</section>")[0]
    assert section.count("<li>") == 2  # the decision told by both stories is listed once
    assert section.index("3021/QĐ-CTN") < section.index("2174/QĐ-TTg")
    assert 'ngày <time datetime="2019-05-21">21/05/2019</time>' in section
    data = ld(client.get("/ho-so/luong-van-khanh-2/"))
    assert data["award"] == [
        f"{award_names[0]} (Quyết định số 3021/QĐ-CTN ngày 21/05/2019 của Chủ tịch nước)",
        f"{award_names[1]} (Quyết định số 2174/QĐ-TTg ngày 02/08/2024)",
    ]


def test_timeline_by_year_newest_first(client, khanh):
    body = client.get("/ho-so/luong-van-khanh-2/").content.decode()
    years = [int(y) for y in re.findall(r'<h3 class="timeline__year" id="nam-(\d{4})">', body)]
    newer, older = khanh["visible"]
    expected = {2019, 2024, timezone.localtime(newer.published_at).year, timezone.localtime(older.published_at).year}
    assert years == sorted(expected, reverse=True)


def test_json_ld_person_and_organization(client, khanh):
    data = ld(client.get("/ho-so/luong-van-khanh-2/"))
    assert data["@type"] == "Person" and data["name"] == NAME
    root = khanh["visible"][0].get_site().root_url  # the site's own address, as the stories'
    assert data["url"] == f"{root}/ho-so/luong-van-khanh-2/"
    assert all(s["url"].startswith(f"{root}/") for s in data["subjectOf"])
    assert data["jobTitle"] == "Giáo viên" and data["homeLocation"]["name"] == "Hà Nội"
    assert all(s["url"].startswith("http") for s in data["subjectOf"])

    team = make_story(
        title="Đội xung kích giúp dân", exemplar_name="Đội <Thanh niên> xung kích", exemplar_type="collective"
    )
    assert team.exemplar.slug == "doi-thanh-nien-xung-kich"
    response = client.get("/ho-so/doi-thanh-nien-xung-kich/")
    data = ld(response)
    assert data["@type"] == "Organization" and "jobTitle" not in data
    assert data["name"] == "Đội <Thanh niên> xung kích"
    assert "<Nậm" not in re.search(r"ld\+json\">(.*?)</script>", response.content.decode(), re.S).group(1)


def test_the_profile_feed_lists_the_visible_stories(client, khanh):
    for fmt in ("rss", "atom", "json"):
        response = client.get(f"/feeds/exemplars/luong-van-khanh-2.{fmt}")
        assert response.status_code == 200, fmt
        body = response.content.decode()
        for page in khanh["visible"]:
            assert str(page.translation_key) in body, fmt
        for page in khanh["hidden"]:
            assert str(page.translation_key) not in body, (fmt, page.title)
    other = make_story(title="Một gương khác", exemplar_name="Người khác hẳn")
    assert str(other.translation_key) not in client.get("/feeds/exemplars/luong-van-khanh-2.rss").content.decode()
    page = client.get("/ho-so/luong-van-khanh-2/").content.decode()
    assert (
        '<link rel="alternate" type="application/rss+xml" title="Gương Sáng – Lương Văn Khánh" href="/feeds/exemplars/luong-van-khanh-2.rss">'
        in page
    )
    assert client.get("/feeds/exemplars/khong-co-ai.rss").status_code == 404


def test_publishing_pings_the_hub_for_the_profile_feed(db):
    from feeds.websub import topics_for

    page = make_story(title="Bài báo cho hub", exemplar_name="Người Được Theo Dõi")
    root = page.get_site().root_url
    assert f"{root}/feeds/exemplars/nguoi-duoc-theo-doi.rss" in topics_for(page)


def test_no_profile_without_a_visible_story(client, db):
    assert client.get("/ho-so/khong-co-ai/").status_code == 404
    make_story(title="Nháp về một người chưa ai biết", exemplar_name="Người Chưa Đăng", publish=False)
    assert Exemplar.objects.filter(slug="nguoi-chua-dang").exists()
    assert client.get("/ho-so/nguoi-chua-dang/").status_code == 404
    assert client.get("/feeds/exemplars/nguoi-chua-dang.rss").status_code == 404  # its name stays unpublished


def test_the_story_page_links_the_profile(client, khanh):
    newer = khanh["visible"][0]
    body = client.get(newer.url).content.decode()
    assert re.search(
        r'<h2 class="exemplar-box__name"><a href="/ho-so/luong-van-khanh-2/"[^>]*>Lương Văn Khánh</a>', body
    )


def test_the_profile_is_cached_until_content_changes(client, khanh, django_assert_max_num_queries):
    assert client.get("/ho-so/luong-van-khanh-2/").status_code == 200
    with django_assert_max_num_queries(2):
        assert client.get("/ho-so/luong-van-khanh-2/").status_code == 200
    newer = khanh["visible"][0]
    newer.unpublish()
    from core.cache import forget

    forget()
    body = client.get("/ho-so/luong-van-khanh-2/").content.decode()
    assert newer.title not in body and khanh["visible"][1].title in body


def test_editing_the_profile_shows_at_once(client, khanh):
    assert "Giáo viên" in client.get("/ho-so/luong-van-khanh-2/").content.decode()
    exemplar = khanh["exemplar"]
    exemplar.occupation = "Hiệu trưởng"
    exemplar.save()
    from core.cache import forget

    forget()
    assert "Hiệu trưởng" in client.get("/ho-so/luong-van-khanh-2/").content.decode()


# --- which names are one profile --------------------------------------------------------------


def test_names_written_alike_link_to_one_profile(db):
    a = make_story(title="Bài một", exemplar_name="Nguyễn Thị Hoà")
    b = make_story(title="Bài hai", exemplar_name="nguyễn  thị hòa")  # case, spacing, tone placement
    c = make_story(title="Bài ba", exemplar_name="Nguyen Thi Hoa")  # a look-alike: its own profile
    d = make_story(title="Bài bốn", exemplar_name="Nguyễn Thị Hoà", exemplar_type="collective")
    assert a.exemplar_id == b.exemplar_id
    assert len({a.exemplar_id, c.exemplar_id, d.exemplar_id}) == 3
    assert Exemplar.objects.get(pk=c.exemplar_id).slug == "nguyen-thi-hoa-2"


def test_an_editors_choice_stands(db):
    chosen = Exemplar.objects.create(name="Lê Văn Tám", exemplar_type="individual")
    page = make_story(title="Anh Tám giữ rừng", exemplar_name="Anh Tám", exemplar=chosen)
    assert page.exemplar_id == chosen.pk
    blank = make_story(title="Không ghi tên", exemplar_name="", exemplar=chosen)
    assert blank.exemplar_name == "Lê Văn Tám"


def test_import_links_stories_to_one_profile(db, tmp_path):
    lines = [
        story_line("ex-1", title="Bài nhập một", exemplar={"name": NAME, "type": "individual"}),
        story_line("ex-2", title="Bài nhập hai", exemplar={"name": "LƯƠNG VĂN KHÁNH", "type": "individual"}),
        story_line("ex-3", title="Bài nhập ba", exemplar={"name": "Luong Van Khanh", "type": "individual"}),
    ]
    _, err, failed = run_import(tmp_path, *lines)
    assert failed is None, err
    pages = {p.title: p for p in StoryPage.objects.filter(title__startswith="Bài nhập")}
    assert pages["Bài nhập một"].exemplar_id == pages["Bài nhập hai"].exemplar_id
    look_alike = pages["Bài nhập ba"].exemplar
    assert look_alike.pk != pages["Bài nhập một"].exemplar_id
    assert pages["Bài nhập ba"].exemplar_name == "Luong Van Khanh"  # the story's own text is unchanged

    # merged by an editor, a re-import keeps it on the profile kept
    look_alike.merge_into(pages["Bài nhập một"].exemplar)
    lines[2]["lead"] = "Sapo mới."
    _, err, failed = run_import(tmp_path, *lines)
    assert failed is None, err
    assert StoryPage.objects.get(title="Bài nhập ba").exemplar_id == pages["Bài nhập một"].exemplar_id


def test_the_data_migration_links_existing_stories(db):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("exemplars.migrations.0011_link_stories_to_profiles")
    a = make_story(title="Bài cũ một", exemplar_name="Trần Văn Cũ", field_of_work="y-te")
    b = make_story(title="Bài cũ hai", exemplar_name="TRẦN VĂN CŨ")
    none = make_story(title="Bài không về ai", exemplar_name="")
    StoryPage.objects.filter(pk__in=[a.pk, b.pk]).update(exemplar=None)
    Exemplar.objects.filter(name="Trần Văn Cũ").delete()
    migration.link_stories(apps, None)
    a.refresh_from_db(), b.refresh_from_db(), none.refresh_from_db()
    assert a.exemplar_id == b.exemplar_id and none.exemplar_id is None
    assert a.exemplar.slug == "tran-van-cu" and a.exemplar.field_of_work == "y-te"
    assert not StoryPage.objects.exclude(exemplar_name="").filter(exemplar=None).exists()  # the demo's too


def test_cited_numbers_include_award_decisions(khanh):
    newer = khanh["visible"][0]
    assert {"2174/QD-TTG", "3021/QD-CTN"} <= newer.cited_numbers()


def test_an_award_links_to_its_published_decision(client, khanh):
    """Issue 17 item 2: the decision's number is a link to the document when readers may open it."""
    from tests.documents.conftest import make_document

    decision = make_document("2174/QĐ-TTg", title="Quyết định tặng Bằng khen", doc_type="Quyết định")
    make_document("3021/QĐ-CTN", title="Quyết định chưa đăng", doc_type="Quyết định", publish=False)
    link = f'<a class="doc-link" href="{decision.url}" title="Quyết định tặng Bằng khen">2174/QĐ-TTg</a>'
    profile = client.get(f"/ho-so/{khanh['exemplar'].slug}/").content.decode()
    story = client.get(khanh["visible"][0].url).content.decode()
    for body in (profile, story):
        assert link in body
        assert "Quyết định số 3021/QĐ-CTN" in body  # the draft document: plain text, no link
        assert "Quyết định chưa đăng" not in body


def test_profiles_are_in_the_sitemap_only_while_readers_may_see_them(client, khanh):
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "http://127.0.0.1:8000/ho-so/luong-van-khanh-2/" in sitemap
    make_story(title="Nháp về một người chưa ai biết", exemplar_name="Người Chưa Đăng", publish=False)
    assert "/ho-so/nguoi-chua-dang/" not in client.get("/sitemap.xml").content.decode()
    # Merged: the kept profile stays, the merged address (a redirect) leaves the sitemap.
    kept = Exemplar.objects.get(slug="luong-van-khanh")
    khanh["exemplar"].merge_into(kept)
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "/ho-so/luong-van-khanh/" in sitemap and "/ho-so/luong-van-khanh-2/" not in sitemap

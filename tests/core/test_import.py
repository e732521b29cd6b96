"""import_articles (DESIGN.md contract 3) through the real command, on real pages."""

import io
import json
from datetime import UTC, datetime, timedelta
from datetime import timezone as dt_timezone

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from wagtail.models import Page

from core.models import CustomImage, ImportRecord
from exemplars.models import StoryPage
from home.demo_images import illustration_png
from news.models import NewsPage


def story(external_id="imp-1", **overrides):
    line = {
        "external_id": external_id,
        "kind": "story",
        "title": "Người lái đò đưa học sinh qua sông suốt 20 năm",
        "lead": "Không lấy tiền của các em.",
        "body": "Đoạn một.\n\nĐoạn hai có “trích dẫn”.",
        "published_at": "2024-05-02T07:30:00",
        "byline": "Minh Anh - Quốc Việt",
        "source": "Theo Báo Quảng Ngãi",
        "tags": ["giáo dục", "vùng sâu"],
        "movements": [],
        "localities": ["Quảng Nam"],
        "exemplar": {"name": "Võ Văn Đò", "type": "individual", "occupation": "lái đò"},
        "awards": [{"award": "bang khen cua thu tuong chinh phu", "decision": "12/QĐ-TTg", "date": "2023-12-01"}],
    }
    line.update(overrides)
    return line


def news(external_id="imp-n1", **overrides):
    line = {
        "external_id": external_id,
        "kind": "news",
        "title": "Hội nghị ký kết giao ước thi đua năm 2026",
        "body": "<p>Sáng nay <strong>10 tỉnh</strong> đã ký.</p><script>alert(1)</script>",
        "body_format": "html",
        "published_at": "2026-03-30T09:00:00+07:00",
        "category": "Hội nghị, sự kiện",
        "localities": ["TP.HCM"],
    }
    line.update(overrides)
    return line


def run_import(tmp_path, *lines, raw_lines=()):
    path = tmp_path / "articles.jsonl"
    text = "\n".join([json.dumps(line, ensure_ascii=False) for line in lines] + list(raw_lines))
    path.write_text(text + "\n", encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_articles", str(path), stdout=out, stderr=err)
        failed = None
    except CommandError as exc:
        failed = str(exc)
    return out.getvalue(), err.getvalue(), failed


def test_good_lines_create_published_pages(db, tmp_path):
    (tmp_path / "anh").mkdir()
    (tmp_path / "anh" / "do.png").write_bytes(illustration_png("do"))
    line = story(image={"path": "anh/do.png", "caption": "Chuyến đò sớm", "credit": "Minh Anh/Gương Sáng"})
    out, err, failed = run_import(tmp_path, line, news())
    assert failed is None, err
    assert "Tạo mới: 2" in out and "Lỗi: 0" in out

    page = StoryPage.objects.get(title=line["title"])
    assert page.live and page.slug == "nguoi-lai-do-dua-hoc-sinh-qua-song-suot-20-nam"
    assert page.published_at == datetime(2024, 5, 2, 0, 30, tzinfo=UTC)  # naive = Vietnam time
    assert [b.block_type for b in page.body] == ["paragraph", "paragraph"]
    assert page.hero_image.caption == "Chuyến đò sớm" and page.hero_image.credit == "Minh Anh/Gương Sáng"
    assert page.awards.get().award_type.name == "Bằng khen của Thủ tướng Chính phủ"
    # 2024 article naming Quảng Nam: the historic province, which now belongs to Đà Nẵng.
    locality = page.localities.get()
    assert (locality.name, locality.is_current, locality.successor.name) == ("Quảng Nam", False, "Đà Nẵng")
    assert sorted(t.name for t in page.tags.all()) == ["giáo dục", "vùng sâu"]
    assert [a.name for a in page.authors.all()] == ["Minh Anh", "Quốc Việt"]

    item = NewsPage.objects.get(title=news()["title"])
    assert "<script>" not in str(item.body[0].value) and "<strong>10 tỉnh</strong>" in str(item.body[0].value)
    assert item.localities.get().name == "Thành phố Hồ Chí Minh"


def test_reimport_updates_never_duplicates_and_unchanged_lines_are_skipped(db, tmp_path):
    run_import(tmp_path, story())
    page = StoryPage.objects.get(import_record__external_id="imp-1")
    revisions = page.revisions.count()

    out, _, _ = run_import(tmp_path, story())
    assert "Không đổi: 1" in out
    assert page.revisions.count() == revisions

    out, _, failed = run_import(tmp_path, story(title="Người lái đò hai mươi năm đưa học sinh qua sông"))
    assert failed is None and "Cập nhật: 1" in out
    assert StoryPage.objects.filter(import_record__external_id="imp-1").count() == 1
    page.refresh_from_db()
    assert page.title == "Người lái đò hai mươi năm đưa học sinh qua sông"
    assert page.slug == "nguoi-lai-do-dua-hoc-sinh-qua-song-suot-20-nam"  # URLs stay stable


def test_a_story_without_an_exemplar_imports(db, tmp_path, client):
    """DESIGN.md contract 3: `exemplar` is optional; an archive of plain stories imports."""
    line = story("plain-1", title="Phong trào hiến máu ở Quảng Nam", awards=[])
    del line["exemplar"]
    out, err, failed = run_import(tmp_path, line)
    assert failed is None and "Tạo mới: 1" in out, err
    page = StoryPage.objects.get(import_record__external_id="plain-1")
    assert page.live and page.exemplar_name == ""
    html = client.get(page.url).content.decode()
    assert "Phong trào hiến máu ở Quảng Nam" in html and "exemplar-box" not in html


def test_updated_is_when_the_content_really_changed(db, tmp_path, client):
    """A new article's "updated" is its published_at (or the line's updated_at), never the
    import time; a changed line without updated_at is updated when it is imported."""
    run_import(tmp_path, story(), news(updated_at="2026-04-01T10:00:00+07:00"))
    page = StoryPage.objects.get(import_record__external_id="imp-1")
    item = NewsPage.objects.get(import_record__external_id="imp-n1")
    assert page.updated_at.isoformat() == "2024-05-02T00:30:00+00:00"  # published_at, 07:30 in Vietnam
    assert item.updated_at.isoformat() == "2026-04-01T03:00:00+00:00"
    feed = client.get("/feeds/all.atom").content.decode()
    assert "<updated>2024-05-02T07:30:00+07:00</updated>" in feed
    assert "<updated>2026-04-01T10:00:00+07:00</updated>" in feed

    before = timezone.now()
    run_import(tmp_path, story(title="Người lái đò hai mươi năm đưa học sinh qua sông"))
    page.refresh_from_db()
    assert page.updated_at >= before  # the content changed now
    run_import(tmp_path, story(title="Người lái đò đưa học sinh", updated_at="2025-01-05T08:00:00+07:00"))
    page.refresh_from_db()
    assert page.updated_at.isoformat() == "2025-01-05T01:00:00+00:00"


def test_same_image_file_is_stored_once(db, tmp_path):
    (tmp_path / "a.png").write_bytes(illustration_png("same"))
    before = CustomImage.objects.count()
    image = {"path": "a.png", "caption": "Ảnh", "credit": "PV"}
    run_import(tmp_path, story("i1", image=image), story("i2", title="Bài khác hẳn", image=image))
    assert CustomImage.objects.count() == before + 1


def test_draft_status_imports_a_page_that_is_not_live(db, tmp_path):
    run_import(tmp_path, news("draft-1", status="draft", title="Bản nháp chưa duyệt"))
    page = NewsPage.objects.get(title="Bản nháp chưa duyệt")
    assert not page.live


BAD_LINES = [
    ({"kind": "story"}, "external_id"),
    (story(kind="blog"), "kind"),
    (story(published_at="20/02/2024"), "published_at"),
    (story(published_at=None), "published_at"),
    (story(title=""), "title"),
    (story(body=None), "body"),
    (story(title="Tiêu đề có ký tự \x07 lạ"), "title"),
    (story(image={"path": "khong-co.png"}), "image.path"),
    (story(image={"path": "not-image.png"}), "image.path"),
    (story(localities=["Xứ Sở Thần Tiên"]), "localities"),
    (story(movements=["Phong trào không tồn tại"]), "movements"),
    (story(exemplar={"name": "A", "type": "robot"}), "exemplar.type"),
    (story(exemplar="Võ Văn Đò"), "exemplar"),
    (story(awards=[{"award": "Huân chương Mặt Trăng"}]), "awards[1].award"),
    (story(tags="một chuỗi"), "tags"),
    (story(status="archived"), "status"),
    (news(body_format="markdown"), "body_format"),
]


@pytest.mark.parametrize("line, field", BAD_LINES, ids=[f for _, f in BAD_LINES])
def test_bad_line_names_line_and_field_and_writes_nothing(db, tmp_path, line, field):
    (tmp_path / "not-image.png").write_text("không phải ảnh")
    pages_before, images_before = Page.objects.count(), CustomImage.objects.count()
    if "external_id" in line:
        line = {**line, "external_id": f"bad-{field}"}
    out, err, failed = run_import(tmp_path, news("good-1"), line, news("good-2", title="Một tin khác"))
    assert failed and "1 dòng bị lỗi" in failed
    assert f"Dòng 2: {field}:" in err, err
    assert "Tạo mới: 2" in out  # the other lines still import
    assert Page.objects.count() == pages_before + 2
    assert CustomImage.objects.count() == images_before
    assert not ImportRecord.objects.filter(external_id__startswith="bad-").exists()


def test_broken_json_and_non_object_lines(db, tmp_path):
    _, err, failed = run_import(tmp_path, news(), raw_lines=['{"external_id": ', "[1, 2]"])
    assert failed
    assert "Dòng 2: JSON không hợp lệ" in err and "Dòng 3: mỗi dòng phải là một đối tượng JSON" in err


def test_kind_cannot_change_on_reimport(db, tmp_path):
    run_import(tmp_path, news("same-id"))
    _, err, failed = run_import(tmp_path, story("same-id"))
    assert failed and "Dòng 1: kind:" in err


def test_missing_file_and_parent_give_clear_errors(db, tmp_path):
    with pytest.raises(CommandError, match="Không tìm thấy tệp"):
        call_command("import_articles", str(tmp_path / "nope.jsonl"))
    (tmp_path / "a.jsonl").write_text("{}")
    with pytest.raises(CommandError, match="Không tìm thấy trang cha “/khong-co/”"):
        call_command("import_articles", str(tmp_path / "a.jsonl"), parent_stories="/khong-co/")


def test_parent_option_takes_a_url_path(db, tmp_path, sections):
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps(story("p-1")), encoding="utf-8")
    call_command("import_articles", str(path), parent_stories="/guong-sang/", stdout=io.StringIO())
    assert StoryPage.objects.get(import_record__external_id="p-1").get_parent().pk == sections["story"].pk


def test_timezone_offsets_are_respected(db, tmp_path):
    run_import(tmp_path, news("tz", published_at="2026-01-01T00:00:00Z"))
    page = NewsPage.objects.get(import_record__external_id="tz")
    assert page.published_at == datetime(2026, 1, 1, tzinfo=UTC)
    assert page.published_at - datetime(2026, 1, 1, 7, tzinfo=dt_timezone(timedelta(hours=7))) == timedelta(0)

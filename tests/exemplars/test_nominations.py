"""Readers' nominations: the public form (real solved proof of work, CSRF, a real photo), the
editors' queue, a draft StoryPage made from a nomination, rejection, who sees the nominator's
contact, and its erasure after the retention period."""

import io
import re
import struct
import zlib
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from core import periodic
from core.models import Locality
from exemplars.models import Nomination, StoryPage
from tests.participation.helpers import post_form

pytestmark = pytest.mark.django_db

FORM_URL = "/gioi-thieu-guong/"
PHONE, EMAIL = "0912 345 678", "nguoi.gioi.thieu@example.vn"


def image_bytes(fmt="JPEG", size=(320, 200), **save):
    out = io.BytesIO()
    Image.new("RGB", size, (200, 120, 40)).save(out, fmt, **save)
    return out.getvalue()


def png_claiming(width, height):
    """A tiny PNG whose header claims width × height pixels (a decompression bomb's shape)."""
    data = bytearray(image_bytes("PNG", (1, 1)))
    ihdr = 8 + 8  # signature, then the IHDR chunk's length and type
    data[ihdr : ihdr + 8] = struct.pack(">II", width, height)
    crc = zlib.crc32(bytes(data[12 : ihdr + 13]))
    data[ihdr + 13 : ihdr + 17] = struct.pack(">I", crc)
    return bytes(data)


def nomination_data(**overrides):
    data = {
        "exemplar_name": "Bà Nguyễn Thị Mến",
        "exemplar_type": "individual",
        "exemplar_details": "nông dân xã Tân Phú",
        "achievement": "Bà hiến 500 mét vuông đất để làm đường liên thôn.\n\nCả xóm nay đi lại dễ dàng, trẻ em đến trường an toàn.",
        "locality": Locality.objects.get(name="Đồng Nai", is_current=True).pk,
        "place": "ấp 3, xã Tân Phú",
        "nominator_name": "Trần Văn Bình",
        "nominator_phone": PHONE,
        "nominator_email": EMAIL,
        "consent": "on",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def submit(client, **overrides):
    return post_form(client, FORM_URL, nomination_data(**overrides))


def inspect_url(nomination):
    return reverse("wagtailsnippets_exemplars_nomination:inspect", args=(nomination.pk,))


def test_form_states_the_retention_rule(reader, settings):
    html = reader.get(FORM_URL).content.decode()
    assert "Giới thiệu gương người tốt, việc tốt" in html
    assert "Nghị định 13/2023/NĐ-CP" in html
    assert f"sau {settings.NOMINATION_CONTACT_RETENTION_DAYS} ngày" in html


def test_nomination_to_draft_story(reader, editor_client, editor):
    photo = SimpleUploadedFile("me-men.jpg", image_bytes(), content_type="image/jpeg")
    response = submit(reader, photo=photo)
    assert response.status_code == 302
    assert "Ban biên tập đã nhận" in reader.get(response["Location"]).content.decode()

    nomination = Nomination.objects.get()
    assert nomination.status == Nomination.Status.PENDING
    assert nomination.photo and nomination.photo_width == 320

    queue = editor_client.get(reverse("wagtailsnippets_exemplars_nomination:list") + "?status=pending").content.decode()
    assert "Bà Nguyễn Thị Mến" in queue and "Tạo bài nháp" in queue
    detail = editor_client.get(inspect_url(nomination)).content.decode()
    assert PHONE in detail and EMAIL in detail and "Trần Văn Bình" in detail
    assert (
        editor_client.get(reverse("wagtailsnippets_exemplars_nomination:photo", args=(nomination.pk,))).status_code
        == 200
    )

    create_url = reverse("wagtailsnippets_exemplars_nomination:create_draft", args=(nomination.pk,))
    assert editor_client.get(create_url).status_code == 200  # confirmation
    response = editor_client.post(create_url)
    nomination.refresh_from_db()
    page = StoryPage.objects.get(pk=nomination.story_id)
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=(page.pk,))
    assert nomination.status == Nomination.Status.DRAFTED
    assert not page.live and page.owner == editor
    assert page.title == page.exemplar_name == "Bà Nguyễn Thị Mến"
    assert page.lead.startswith("Bà hiến 500 mét vuông đất")
    assert [b.value.source for b in page.body] == [
        "<p>Bà hiến 500 mét vuông đất để làm đường liên thôn.</p>",
        "<p>Cả xóm nay đi lại dễ dàng, trẻ em đến trường an toàn.</p>",
    ]
    assert page.exemplar_occupation == "nông dân xã Tân Phú"
    assert [loc.name for loc in page.localities.all()] == ["Đồng Nai"]
    assert page.hero_image.credit == "Bạn đọc gửi" and page.hero_image.width == 320
    revision = page.latest_revision.content
    assert PHONE not in str(revision) and EMAIL not in str(revision) and "Trần Văn Bình" not in str(revision)

    # The editor lands in the page editor with the prefilled draft; readers see nothing.
    edit = editor_client.get(response["Location"])
    assert edit.status_code == 200 and "Bà hiến 500 mét vuông đất" in edit.content.decode()
    assert Client().get(page.url or "/guong-sang/ba-nguyen-thi-men/").status_code == 404
    # No second draft from the same nomination.
    editor_client.post(create_url)
    assert StoryPage.objects.filter(exemplar_name="Bà Nguyễn Thị Mến").count() == 1


def photo_url(nomination):
    return reverse("wagtailsnippets_exemplars_nomination:photo", args=(nomination.pk,))


def test_a_draft_from_a_nomination_gets_a_vietnamese_slug(reader, editor_client):
    """đ → d: "Đặng Văn Đức" is dang-van-duc (Wagtail's own slug would be ang-van-uc), and a
    second draft of the same name gets its own."""
    for details in ("thợ điện", "thợ hàn"):
        assert submit(reader, exemplar_name="Đặng Văn Đức", exemplar_details=details).status_code == 302
    slugs = []
    for nomination in Nomination.objects.filter(exemplar_name="Đặng Văn Đức").order_by("pk"):
        editor_client.post(reverse("wagtailsnippets_exemplars_nomination:create_draft", args=(nomination.pk,)))
        slugs.append(StoryPage.objects.get(pk=Nomination.objects.get(pk=nomination.pk).story_id).slug)
    assert slugs == ["dang-van-duc", "dang-van-duc-2"]


def test_the_photo_is_private_and_only_editors_get_it(reader, reporter, editor_client, settings):
    submit(reader, photo=SimpleUploadedFile("me-men.jpg", image_bytes(), content_type="image/jpeg"))
    nomination = Nomination.objects.get()
    stored = Path(nomination.photo.path)
    assert stored.is_file() and stored.is_relative_to(settings.PRIVATE_MEDIA_ROOT)
    assert not stored.is_relative_to(settings.MEDIA_ROOT)
    assert not (Path(settings.MEDIA_ROOT) / nomination.photo.name).exists()  # nothing /media/ could serve

    response = editor_client.get(photo_url(nomination))
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert b"".join(response.streaming_content) == stored.read_bytes()
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]

    anonymous = Client().get(photo_url(nomination))
    assert anonymous.status_code == 302 and "/admin/login/" in anonymous["Location"]
    reporter_client = Client()
    reporter_client.force_login(reporter)
    refused = reporter_client.get(photo_url(nomination))
    assert refused.status_code in (302, 403) and not refused.get("Content-Type", "").startswith("image/")

    # "Tạo bài nháp" copies the photo into the public image library; the original stays private.
    editor_client.post(reverse("wagtailsnippets_exemplars_nomination:create_draft", args=(nomination.pk,)))
    hero = StoryPage.objects.get(pk=Nomination.objects.get().story_id).hero_image
    assert Path(hero.file.path).is_relative_to(settings.MEDIA_ROOT) and hero.file.read() == stored.read_bytes()
    assert stored.is_file() and editor_client.get(photo_url(nomination)).status_code == 200


def test_deleting_a_nomination_deletes_its_photo(reader, editor_client, django_capture_on_commit_callbacks):
    submit(reader, photo=SimpleUploadedFile("a.png", image_bytes("PNG"), content_type="image/png"))
    nomination = Nomination.objects.get()
    stored = Path(nomination.photo.path)
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(reverse("wagtailsnippets_exemplars_nomination:delete", args=(nomination.pk,)))
    assert response.status_code == 302 and not Nomination.objects.exists()
    assert not stored.exists()


def test_reject(reader, editor_client):
    submit(reader)
    nomination = Nomination.objects.get()
    reject_url = reverse("wagtailsnippets_exemplars_nomination:reject", args=(nomination.pk,))
    assert editor_client.get(reject_url).status_code == 200
    assert editor_client.post(reject_url, {"note": "Không xác minh được."}).status_code == 302
    nomination.refresh_from_db()
    assert nomination.status == Nomination.Status.REJECTED
    assert nomination.editor_note == "Không xác minh được."
    assert nomination.story is None


def test_contact_is_visible_only_to_editors(reader, reporter, editor_client):
    submit(reader, photo=SimpleUploadedFile("a.png", image_bytes("PNG"), content_type="image/png"))
    nomination = Nomination.objects.get()
    urls = [
        reverse("wagtailsnippets_exemplars_nomination:list"),
        inspect_url(nomination),
        reverse("wagtailsnippets_exemplars_nomination:edit", args=(nomination.pk,)),
        reverse("wagtailsnippets_exemplars_nomination:photo", args=(nomination.pk,)),
        reverse("wagtailsnippets_exemplars_nomination:create_draft", args=(nomination.pk,)),
    ]
    reporter_client = Client()
    reporter_client.force_login(reporter)
    for client in (Client(), reporter_client):
        for address in urls:
            response = client.get(address, follow=True)
            html = response.content.decode()
            assert PHONE not in html and EMAIL not in html, address
            assert response.status_code in (200, 403)  # the login page, or permission denied
            assert not response.get("Content-Type", "").startswith("image/")
    assert editor_client.get(urls[1]).status_code == 200


def test_contact_and_photo_are_erased_after_the_retention_period(reader, editor_client, settings):
    settings.NOMINATION_CONTACT_RETENTION_DAYS = 30
    submit(reader, photo=SimpleUploadedFile("a.jpg", image_bytes(), content_type="image/jpeg"))
    submit(
        reader,
        exemplar_name="Anh Lê Văn Hùng",
        photo=SimpleUploadedFile("b.jpg", image_bytes(), content_type="image/jpeg"),
    )
    old, recent = Nomination.objects.order_by("pk")
    old_photo, recent_photo = Path(old.photo.path), Path(recent.photo.path)
    editor_client.post(reverse("wagtailsnippets_exemplars_nomination:reject", args=(old.pk,)))
    Nomination.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=31))

    job = {j.name: j for j in periodic.all_jobs()}["purge_nomination_contacts"]
    assert periodic.run_job(job)
    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.nominator_name, old.nominator_phone, old.nominator_email) == ("", "", "")
    assert old.contact_erased_at is not None
    assert old.exemplar_name == "Bà Nguyễn Thị Mến"  # the nomination itself stays
    assert recent.nominator_phone == PHONE and recent.contact_erased_at is None
    assert not old_photo.exists() and not old.photo and old.photo_width is None
    assert editor_client.get(photo_url(old)).status_code == 404
    assert recent_photo.is_file() and editor_client.get(photo_url(recent)).status_code == 200
    assert "Đã xoá lúc" in editor_client.get(inspect_url(old)).content.decode()
    assert periodic.run_job(job)  # idempotent


def test_admin_home_counts_waiting_nominations(reader, editor_client):
    submit(reader)
    submit(reader, exemplar_name="Tập thể Đoàn thanh niên xã")
    html = editor_client.get("/admin/").content.decode()
    assert re.search(r'<span class="w-summary__count">2</span> Giới thiệu chờ duyệt', html)


def test_pending_nominations_never_appear_publicly(reader):
    submit(reader, exemplar_name="Ông Quách Độc Nhất Vô Nhị")
    assert reader.get("/api/search/", {"q": "Quách Độc Nhất"}).json()["total"] == 0
    assert "Quách Độc Nhất" not in reader.get("/guong-sang/").content.decode()
    assert "Quách Độc Nhất" not in reader.get("/").content.decode()


# --- bad input ------------------------------------------------------------------------


def assert_form_error(response, message):
    assert response.status_code == 200, response.status_code
    assert message in response.content.decode()
    assert not Nomination.objects.exists()


@pytest.mark.parametrize("missing", ["exemplar_name", "achievement", "locality", "nominator_name", "consent"])
def test_missing_fields(reader, missing):
    response = submit(reader, **{missing: None})
    assert_form_error(response, "field__error")


def test_a_contact_is_required(reader):
    assert_form_error(submit(reader, nominator_phone="", nominator_email=""), "số điện thoại hoặc thư điện tử")
    assert_form_error(submit(reader, nominator_phone="gọi tôi nhé"), "Số điện thoại không hợp lệ")
    assert_form_error(submit(reader, nominator_email="khong-phai-email"), "field__error")


def test_unknown_locality(reader):
    historic = Locality.objects.filter(is_current=False).first()
    assert_form_error(submit(reader, locality=historic.pk), "trong danh sách")
    assert_form_error(submit(reader, locality="abc"), "trong danh sách")
    assert_form_error(submit(reader, locality="9" * 30), "trong danh sách")


def test_non_image_upload(reader):
    fake = SimpleUploadedFile("anh.jpg", b"<?php echo 'not an image'; ?>", content_type="image/jpeg")
    assert_form_error(submit(reader, photo=fake), "không phải ảnh hợp lệ")
    gif = SimpleUploadedFile("anh.gif", image_bytes("GIF"), content_type="image/gif")
    assert_form_error(submit(reader, photo=gif), "Chỉ nhận ảnh JPEG, PNG hoặc WebP")


def test_corrupt_image(reader):
    truncated = image_bytes("PNG", (400, 400))[:200]
    assert_form_error(submit(reader, photo=SimpleUploadedFile("hong.png", truncated)), "")


def test_oversized_upload(reader, settings):
    settings.NOMINATION_MAX_PHOTO_BYTES = 10_000
    big = SimpleUploadedFile("to.png", image_bytes("BMP", (200, 200)), content_type="image/png")  # ~120 kB
    assert_form_error(submit(reader, photo=big), "Ảnh lớn quá")


def test_decompression_bombs(reader, settings):
    # Beyond Pillow's own bomb limit: refused before any pixel is decoded.
    bomb = SimpleUploadedFile("bom.png", png_claiming(100_000, 100_000), content_type="image/png")
    assert_form_error(submit(reader, photo=bomb), "quá lớn")
    # Beyond our own, lower pixel limit.
    settings.NOMINATION_MAX_PHOTO_PIXELS = 1_000_000
    wide = SimpleUploadedFile("rong.png", image_bytes("PNG", (2000, 1000)), content_type="image/png")
    assert_form_error(submit(reader, photo=wide), "điểm ảnh quá lớn")


def test_photo_metadata_is_dropped(reader):
    exif = Image.Exif()
    exif[0x010F] = "Điện thoại của người gửi"  # Make
    exif[0x8825] = {2: (10.0, 45.0, 0.0)}  # GPS
    photo = SimpleUploadedFile("gps.jpg", image_bytes(exif=exif.tobytes()), content_type="image/jpeg")
    assert submit(reader, photo=photo).status_code == 302
    with Nomination.objects.get().photo.open("rb") as fh, Image.open(fh) as stored:
        assert not stored.getexif()
        assert stored.format == "JPEG"


def test_oversized_text(reader, settings):
    assert_form_error(submit(reader, achievement="Việc tốt. " * 1000), str(settings.NOMINATION_MAX_LENGTH))
    assert_form_error(submit(reader, exemplar_name="Tên " * 100), "field__error")


def test_html_is_stored_as_typed_and_escaped_in_the_admin(reader, editor_client):
    evil = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    fields = ["exemplar_name", "exemplar_details", "achievement", "place", "nominator_name"]
    assert submit(reader, **{name: f"{evil} {name}" for name in fields}).status_code == 302
    nomination = Nomination.objects.get()
    for name in fields:
        assert getattr(nomination, name) == f"{evil} {name}"
    for address in (inspect_url(nomination), reverse("wagtailsnippets_exemplars_nomination:list")):
        html = editor_client.get(address).content.decode()
        assert '<script>alert("x")' not in html and "<img src=x" not in html
        assert "&lt;script&gt;" in html
    editor_client.post(reverse("wagtailsnippets_exemplars_nomination:create_draft", args=(nomination.pk,)))
    page = StoryPage.objects.get(pk=Nomination.objects.get().story_id)
    assert "<script>" not in page.body[0].value.source and "&lt;script&gt;" in page.body[0].value.source


def test_spam_protection(reader, settings):
    assert submit(reader, website="http://spam.example").status_code == 302
    assert not Nomination.objects.exists()
    assert_form_error(post_form(reader, FORM_URL, nomination_data(), solve_challenge=False), "xác minh")
    settings.ANTISPAM_RATE_LIMITS = {"nomination": (2, 3600)}
    flooder = Client(REMOTE_ADDR="203.0.113.50")
    assert submit(flooder).status_code == 302
    assert submit(flooder).status_code == 302
    response = submit(flooder)
    assert response.status_code == 429 and "Bạn gửi quá nhiều lần" in response.content.decode()
    assert Nomination.objects.count() == 2


def test_a_second_reader_gets_a_working_form():
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    assert submit(first).status_code == 302
    assert submit(second, exemplar_name="Chị Hà").status_code == 302
    assert Nomination.objects.count() == 2

"""Reusing a photo already in the library (issue 15, item 3): the image chooser finds the upload
is a duplicate, the reporter picks "Dùng ảnh có sẵn", and what she later reads says that,
not "Đã xóa ảnh '…'" (Wagtail's delete view's message, which the chooser's modal never
shows, so it surfaced on the next screen as if a photo had been lost)."""

import io
import json
import re

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage
from wagtail.images import get_image_model

from newsroom.roles import PHONG_VIEN as PV

from .test_messages import shown

UPLOAD = "/admin/images/chooser/create/"


def jpeg(colour=(200, 60, 40)) -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", (320, 200), colour).save(buffer, "JPEG")
    return buffer.getvalue()


def upload(client, title, data):
    response = client.post(
        UPLOAD,
        {
            "image-chooser-upload-title": title,
            "image-chooser-upload-file": SimpleUploadedFile("anh.jpg", data, content_type="image/jpeg"),
        },
    )
    assert response.status_code == 200
    return json.loads(response.content)


def test_reusing_the_existing_photo_says_so(make_user, client_for):
    Image = get_image_model()
    reporter = make_user(PV)
    as_reporter = client_for(reporter)
    photo = jpeg()
    first = upload(as_reporter, "Cầu khỉ ở Cà Mau", photo)
    assert first["step"] == "chosen"
    existing = Image.objects.get(title="Cầu khỉ ở Cà Mau")

    second = upload(as_reporter, "Cầu khỉ (tải lại)", photo)
    assert second["step"] == "duplicate_found"
    fragment = second["htmlFragment"]
    assert "trùng với một ảnh đã có trong thư viện" in fragment
    new = Image.objects.get(title="Cầu khỉ (tải lại)")
    reuse = re.search(r'<a href="([^"]+)"\s+class="use-existing-image', fragment).group(1).replace("&amp;", "&")
    assert reuse.startswith(f"/admin/anh-trung/{new.pk}/dung-anh-co-san/{existing.pk}/?")

    chosen = as_reporter.post(reuse, follow=True)  # what the chooser's script does
    assert json.loads(chosen.content)["step"] == "chosen"
    assert str(json.loads(chosen.content)["result"]["id"]) == str(existing.pk)
    assert not Image.objects.filter(pk=new.pk).exists() and Image.objects.filter(pk=existing.pk).exists()

    said = shown(as_reporter.get("/admin/"))  # the next full screen she sees
    assert said == [
        "Ảnh vừa tải lên trùng với ảnh đã có trong thư viện: đã dùng ảnh có sẵn 'Cầu khỉ ở Cà Mau' và bỏ bản tải lên trùng."
    ]


def test_reusing_needs_the_right_to_delete_the_new_copy(make_user, client_for):
    """The new copy goes through Wagtail's delete view: a reporter cannot remove someone
    else's photo this way."""
    Image = get_image_model()
    owner, other = make_user(PV), make_user(PV)
    photo = jpeg((10, 120, 60))
    upload(client_for(owner), "Ảnh gốc", photo)
    upload(client_for(owner), "Ảnh của người khác", photo)
    existing, theirs = Image.objects.get(title="Ảnh gốc"), Image.objects.get(title="Ảnh của người khác")
    as_other = client_for(other)
    as_other.post(f"/admin/anh-trung/{theirs.pk}/dung-anh-co-san/{existing.pk}/")
    assert Image.objects.filter(pk=theirs.pk).exists()
    assert not any("đã dùng ảnh có sẵn" in text for text in shown(as_other.get("/admin/")))

"""An editor files a document through the real admin form: the facts, the file (PDF or DOCX,
checked by its bytes), the text of the file for search."""

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

from documents.models import DocumentIndexPage, DocumentPage
from tests.documents.conftest import pdf_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client):
    client.force_login(get_user_model().objects.create_superuser("bientap", "bt@example.com", "x"))
    return client


def uploaded(name: str, data: bytes):
    document = get_document_model()(title=name)
    document.file.save(name, ContentFile(data), save=False)
    document.save()
    return document


def form_data(file_id="", number="12/HD-TĐKT", effective_on="15/03/2026"):
    data = {
        "title": "Hướng dẫn xét tặng danh hiệu thi đua năm 2026",
        "slug": "huong-dan-xet-tang-2026",
        "doc_type": "Hướng dẫn",
        "number": number,
        "issuer": "Ban Thi đua - Khen thưởng tỉnh",
        "issued_on": "10/03/2026",
        "effective_on": effective_on,
        "status": "in_force",
        "lead": "Hướng dẫn hồ sơ, thủ tục xét tặng danh hiệu thi đua năm 2026.",
        "file": str(file_id),
        "published_at": "10/03/2026 08:00",
        "link_documents": "on",
        "go_live_at": "",
        "expire_at": "",
        "body-count": "0",
        "action-publish": "action-publish",
    }
    for prefix in ("comments",):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0", f"{prefix}-MIN_NUM_FORMS": "0"})
        data[f"{prefix}-MAX_NUM_FORMS"] = "1000"
    return data


def add_url():
    return f"/admin/pages/add/documents/documentpage/{DocumentIndexPage.objects.get().pk}/"


def test_an_editor_publishes_a_document_with_its_pdf(editor_client, client):
    pdf = uploaded("hd12.pdf", pdf_bytes("Huong dan xet tang danh hieu"))
    response = editor_client.post(add_url(), form_data(pdf.pk))
    assert response.status_code == 302, response.context["form"].errors.as_text()
    doc = DocumentPage.objects.get(slug="huong-dan-xet-tang-2026")
    assert doc.live and doc.number_key == "12/HD-TDKT" and "Huong dan xet tang danh hieu" in doc.file_text
    page = client.get(doc.url).content.decode()
    assert "Tải văn bản (PDF, 1 KB)" in page and "15/03/2026" in page


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("bang-tinh.xlsx", b"PK\x03\x04", "không phải PDF hay DOCX"),
        ("gia.pdf", b"<html>not a pdf</html>", "mang đuôi .pdf nhưng không phải tệp PDF"),
    ],
)
def test_a_file_that_is_not_a_pdf_or_docx_is_a_form_error(editor_client, name, data, message):
    wrong = uploaded(name, data)
    response = editor_client.post(add_url(), form_data(wrong.pk))
    assert response.status_code == 200
    assert message in str(response.context["form"].errors["file"])
    assert not DocumentPage.objects.filter(slug="huong-dan-xet-tang-2026").exists()


def test_an_effective_date_before_the_issue_date_is_a_form_error(editor_client):
    response = editor_client.post(add_url(), form_data(effective_on="01/03/2026"))
    assert response.status_code == 200
    assert "Ngày có hiệu lực không thể trước ngày ban hành" in str(response.context["form"].errors)

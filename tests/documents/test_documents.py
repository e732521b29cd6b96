"""Documents ("Văn bản", issue 17 items 1 and 3; DESIGN.md contract 8): the import contract,
the list at /van-ban/ and its search, the file, public search, feeds and the sitemap, and never
a document readers may not see."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import PageViewRestriction

from core.models import ImportRecord
from documents.models import DocumentPage
from tests.documents.conftest import document_line, make_document, pdf_bytes, run_import

pytestmark = pytest.mark.django_db


def imported(external_id="doc-1"):
    return ImportRecord.objects.get(external_id=external_id).page.specific


# --- import (contract 8) --------------------------------------------------------------------


def test_a_document_line_with_a_docx_file_imports_every_field(tmp_path, docx, client):
    line = document_line(file={"path": "tep/ct77.docx"}, body="Đoạn một.\n\nĐoạn hai.")
    _out, err, failed = run_import(tmp_path, line, files={"tep/ct77.docx": docx})
    assert failed is None, err
    doc = imported()
    assert (doc.doc_type, doc.number, doc.issuer, doc.status) == ("Chỉ thị", "77-CT/TW", "Bộ Chính trị", "in_force")
    assert (doc.issued_on.isoformat(), doc.effective_on.isoformat()) == ("2014-04-07", "2014-04-07")
    assert doc.title == "Chỉ thị 77-CT/TW" and doc.lead.startswith("Về tiếp tục đổi mới")
    assert doc.live and timezone.localtime(doc.published_at).date().isoformat() == "2014-04-07"
    assert "nhân rộng điển hình tiên tiến" in doc.file_text  # the file's words, for search
    page = client.get(doc.url).content.decode()
    assert "Đoạn hai." in page and "Bộ Chính trị" in page and "07/04/2014" in page and "Còn hiệu lực" in page
    download = re.search(r'href="([^"]+)" download>Tải văn bản \(DOCX, (\d+) KB\)', page)
    assert download, "the page offers the file with its type and size"
    response = client.get(download.group(1))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == docx


def test_a_pdf_file_gives_its_text_to_search(tmp_path, client):
    line = document_line(number="45/KH-UBND", doc_type="Kế hoạch", file={"path": "kh45.pdf"})
    _out, err, failed = run_import(tmp_path, line, files={"kh45.pdf": pdf_bytes("Ke hoach hien mau tinh nguyen")})
    assert failed is None, err
    assert "Ke hoach hien mau tinh nguyen" in imported().file_text
    data = client.get("/api/search/", {"q": "hien mau tinh nguyen", "kind": "document"}).json()
    assert [r["title"] for r in data["results"]] == ["Kế hoạch 45/KH-UBND"]


@pytest.mark.parametrize(
    ("overrides", "files", "message"),
    [
        ({"doc_type": "Sắc lệnh"}, {}, "doc_type: “Sắc lệnh” không có trong danh mục"),
        ({"number": ""}, {}, "number: bắt buộc"),
        ({"status": "đang xem xét"}, {}, "status: “đang xem xét” không hợp lệ"),
        ({"issued_on": "07/04/2014"}, {}, "issued_on: “07/04/2014” không phải thời điểm ISO 8601"),
        ({"effective_on": "2014-01-01"}, {}, "effective_on: trước ngày ban hành"),
        ({"summary": ""}, {}, "summary: bắt buộc"),
        ({"file": {"path": "khong-co.pdf"}}, {}, "file.path: không có tệp “khong-co.pdf”"),
        (
            {"file": {"path": "anh.pdf"}},
            {"anh.pdf": b"\x89PNG\r\n\x1a\n..."},
            "mang đuôi .pdf nhưng không phải tệp PDF",
        ),
        ({"file": {"path": "x.exe"}}, {"x.exe": b"MZ"}, "không phải PDF hay DOCX"),
        ({"replaced_by": "999/QĐ-XYZ"}, {}, "replaced_by: chưa có văn bản số “999/QĐ-XYZ”"),
    ],
)
def test_a_bad_document_line_names_its_line_and_field_and_the_others_import(tmp_path, overrides, files, message):
    good = document_line("doc-good", number="78-CT/TW")
    _out, err, failed = run_import(tmp_path, good, document_line("doc-bad", **overrides), files=files)
    assert failed, "the exit code says a line failed"
    assert "Dòng 2" in err and message in err, err
    assert imported("doc-good").number == "78-CT/TW"
    assert not ImportRecord.objects.filter(external_id="doc-bad").exists()


def test_reimport_updates_the_document_and_links_what_replaced_it(tmp_path):
    run_import(
        tmp_path,
        document_line(),
        document_line("doc-new", number="88-CT/TW", issued_on="2024-01-02", effective_on="2024-01-02"),
    )
    count = DocumentPage.objects.count()
    changed = document_line(status="được thay thế", replaced_by="88-CT/TW", summary="Trích yếu mới.")
    _out, err, failed = run_import(tmp_path, changed)
    assert failed is None, err
    doc = imported()
    assert DocumentPage.objects.count() == count
    assert (doc.status, doc.replaced_by.number, doc.lead) == ("replaced", "88-CT/TW", "Trích yếu mới.")


def test_status_words_match_without_accents(tmp_path):
    _out, err, failed = run_import(tmp_path, document_line(status="HET HIEU LUC"))
    assert failed is None, err
    assert imported().status == "expired"


# --- the list and its search ------------------------------------------------------------------


@pytest.mark.parametrize("query", ["59/TB-VPCP", "59/tb-vpcp", "chi thi 34", "Chỉ thị 34", "thong bao ket luan"])
def test_the_list_finds_demo_documents_by_number_and_summary_without_accents(client, query):
    page = client.get("/van-ban/", {"q": query}).content.decode()
    wanted = "59/TB-VPCP" if "59" in query or "thong bao" in query else "34-CT/TW"
    assert re.search(r'<p class="result-count">1 văn bản</p>', page), query
    assert wanted in page


def listed(client, **params) -> str:
    """The table of /van-ban/ (the search box's placeholder names a number too)."""
    page = client.get("/van-ban/", params).content.decode()
    table = re.search(r"<table.*?</table>", page, re.S)
    return table.group(0) if table else ""


def test_the_list_filters_by_type_issuer_and_year(client):
    page = listed(client, type="Luật")
    assert "06/2022/QH15" in page and "15/2003/QH11" in page and "34-CT/TW" not in page
    page = listed(client, issuer="Văn phòng Chính phủ", year="2024")
    assert "59/TB-VPCP" in page and "06/2022/QH15" not in page
    page = client.get("/van-ban/", {"year": "năm ngoái", "type": "Sắc lệnh"})
    assert page.status_code == 200
    assert "Năm không hợp lệ" in page.content.decode() and "Không có loại văn bản đã chọn" in page.content.decode()


def test_no_draft_scheduled_expired_or_private_document_reaches_a_reader(client):
    draft = make_document("91-CT/TW", publish=False)
    make_document("92-CT/TW", published_at=timezone.now() + timedelta(days=2))
    make_document("93-CT/TW", expire_at=timezone.now() + timedelta(minutes=1))
    with time_machine.travel(timezone.now() + timedelta(minutes=2)):
        call_command("publish_scheduled", verbosity=0)  # the worker's job: expires it
    private = make_document("94-CT/TW")
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")
    hidden = ["91-CT/TW", "92-CT/TW", "93-CT/TW", "94-CT/TW"]
    assert "-CT/TW" in listed(client, q="ct/tw")  # the demo's 34-CT/TW
    for url in ["/van-ban/?q=ct/tw", "/sitemap.xml", "/feeds/documents.rss", "/feeds/all.rss"]:
        text = client.get(url).content.decode()
        assert not [n for n in hidden if n in text], url
    results = client.get("/api/search/", {"q": "ct tw", "kind": "document"}).json()["results"]
    assert not [r for r in results if any(n in r["title"] for n in hidden)]
    assert client.get(draft.url or f"/van-ban/{draft.slug}/").status_code == 404


def test_a_draft_documents_file_is_not_served_to_readers(client, tmp_path, docx, admin_client):
    line = document_line(file={"path": "ct77.docx"}, status="còn hiệu lực")
    run_import(tmp_path, line, files={"ct77.docx": docx})
    doc = imported()
    url = doc.file.url
    assert client.get(url).status_code == 200
    doc.unpublish()
    assert client.get(url).status_code == 404
    assert admin_client.get(url).status_code == 200  # editors still open it


# --- public search, feeds, sitemap -------------------------------------------------------


def test_public_search_returns_documents_with_their_kind(client):
    data = client.get("/api/search/", {"q": "59/TB-VPCP"}).json()
    first = data["results"][0]
    assert first["kind"] == "document" and "59/TB-VPCP" in client.get(first["url"]).content.decode()
    kinds = {f["value"]: f["label"] for f in data["facets"]["kind"]}
    assert kinds.get("document") == "Văn bản"


def test_documents_have_a_feed_and_are_in_the_sitemap(client):
    feed = client.get("/feeds/documents.rss").content.decode()
    assert "Luật Thi đua, khen thưởng 2022" in feed
    luat = DocumentPage.objects.get(number="06/2022/QH15")
    assert luat.full_url in client.get("/sitemap.xml").content.decode()


def test_the_document_page_says_what_it_is_to_search_engines(client):
    page = client.get(DocumentPage.objects.get(number="06/2022/QH15").url).content.decode()
    assert '"@type": "Legislation"' in page and '"legislationIdentifier": "06/2022/QH15"' in page
    replaced = client.get(DocumentPage.objects.get(number="15/2003/QH11").url).content.decode()
    assert "Được thay thế" in replaced and "06/2022/QH15" in replaced
    assert "schema.org/NotInForce" in replaced

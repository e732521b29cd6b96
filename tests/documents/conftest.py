"""Documents ("Văn bản") made the way editors and imports make them: real pages, real files."""

import pytest

from documents.models import DocumentIndexPage, DocumentPage
from home.demo_files import docx_bytes
from tests.core.test_import import run_import as import_lines
from tests.factories import _publish


def pdf_bytes(text: str) -> bytes:
    """A one-page PDF saying `text` (ASCII) in Helvetica, with a correct cross-reference table."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def document_line(external_id="doc-1", **overrides):
    line = {
        "external_id": external_id,
        "kind": "document",
        "doc_type": "Chỉ thị",
        "number": "77-CT/TW",
        "issuer": "Bộ Chính trị",
        "issued_on": "2014-04-07",
        "effective_on": "2014-04-07",
        "status": "còn hiệu lực",
        "summary": "Về tiếp tục đổi mới công tác thi đua, khen thưởng.",
    }
    line.update(overrides)
    return line


def run_import(tmp_path, *lines, files=None):
    """import_articles on these lines (tests/core/test_import.py), with `files` ({relative path:
    bytes}) beside them: (stdout, stderr, the command's error or None)."""
    for name, data in (files or {}).items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(data)
    return import_lines(tmp_path, *lines)


def make_document(number="77-CT/TW", publish=True, **fields):
    fields.setdefault("title", f"Chỉ thị {number}")
    fields.setdefault("doc_type", "Chỉ thị")
    fields.setdefault("issuer", "Bộ Chính trị")
    fields.setdefault("issued_on", "2014-04-07")
    fields.setdefault("lead", "Về tiếp tục đổi mới công tác thi đua, khen thưởng.")
    return _publish(DocumentIndexPage.objects.get(), DocumentPage(number=number, **fields), publish)


@pytest.fixture
def docx():
    return docx_bytes(["CHỈ THỊ SỐ 77-CT/TW", "Phát hiện, bồi dưỡng và nhân rộng điển hình tiên tiến."])

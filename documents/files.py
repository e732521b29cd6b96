"""A document's file: what may be uploaded (PDF or DOCX, checked by content, not by name), and
its words for search. Used by the import and by the admin's form alike."""

import io
import re
import zipfile
from html import unescape

from django.core.exceptions import ValidationError

MAX_FILE_BYTES = 20 * 1024 * 1024
EXTENSIONS = {".pdf": "PDF", ".docx": "DOCX"}
MAX_TEXT_CHARS = 200_000  # a long law is ~150,000 characters; the index keeps no more
_DOCX_TEXT = re.compile(r"<w:t(?:\s[^>]*)?>([^<]*)</w:t>|</w:p>")


def check_file(name: str, head: bytes, size: int) -> str:
    """The file's type ("PDF" or "DOCX"), or ValidationError saying what is wrong with it.
    `head`: its first bytes (or all of them)."""
    extension = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in EXTENSIONS:
        raise ValidationError(f"“{name}” không phải PDF hay DOCX; chỉ nhận tệp .pdf hoặc .docx.")
    if size > MAX_FILE_BYTES:
        raise ValidationError(f"“{name}” nặng {size / 1024 / 1024:.1f} MB, quá {MAX_FILE_BYTES // 1024 // 1024} MB.")
    if extension == ".pdf" and not head.startswith(b"%PDF-"):
        raise ValidationError(f"“{name}” mang đuôi .pdf nhưng không phải tệp PDF.")
    if extension == ".docx" and not head.startswith(b"PK"):
        raise ValidationError(f"“{name}” mang đuôi .docx nhưng không phải tệp Word (DOCX).")
    return EXTENSIONS[extension]


def extract_text(name: str, data: bytes) -> str:
    """The words of a PDF or DOCX, for search; "" when there are none to read (a scan) or the
    file cannot be read: search then knows the document by its number and summary only."""
    try:
        if name.lower().endswith(".pdf"):
            from pypdf import PdfReader

            reader = PdfReader(io.BytesIO(data))
            text = "\n".join(page.extract_text() or "" for page in reader.pages[:300])
        else:
            with zipfile.ZipFile(io.BytesIO(data)) as docx:
                xml = docx.read("word/document.xml").decode("utf-8", "replace")
            text = "".join(m.group(1) if m.group(1) is not None else "\n" for m in _DOCX_TEXT.finditer(xml))
            text = unescape(text)
    except Exception:  # a broken file of either kind: pypdf and zipfile raise many types
        return ""
    return text.strip()[:MAX_TEXT_CHARS]

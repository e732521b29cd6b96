"""The fields of a "document" import line (DESIGN.md contract 8), checked one by one so that a
bad line names its field: `doc_type`, `number`, `issuer`, `issued_on`, `effective_on`, `status`,
`summary`, and the optional `replaced_by` (the number of the document that replaced it) and
`file` ({"path": …} relative to the JSONL file, PDF or DOCX)."""

from django.core.exceptions import ValidationError
from django.core.files import File
from wagtail.documents import get_document_model
from wagtail.utils.file import hash_filelike

from core.citations import number_key
from core.importer import ImportFieldError
from core.text import fold
from documents.files import check_file

STATUS_WORDS = {"con hieu luc": "in_force", "het hieu luc": "expired", "duoc thay the": "replaced"}


def document_fields(record, context) -> dict:
    from documents.models import DOC_TYPES, DocumentPage

    doc_type = record.get_text("doc_type", required=True)
    known = {fold(t): t for t in DOC_TYPES}
    if fold(doc_type) not in known:
        raise ImportFieldError(
            "doc_type", f"“{doc_type}” không có trong danh mục; dùng một trong: {', '.join(DOC_TYPES)}"
        )
    number = record.get_text("number", required=True, max_length=100)
    status_text = record.get_text("status") or "còn hiệu lực"
    status = STATUS_WORDS.get(fold(status_text))
    if status is None:
        raise ImportFieldError(
            "status", f"“{status_text}” không hợp lệ; dùng “còn hiệu lực”, “hết hiệu lực” hoặc “được thay thế”"
        )
    issued_on = record.get_date("issued_on")
    if issued_on is None:
        raise ImportFieldError("issued_on", "bắt buộc, ví dụ 2014-04-07")
    replaced_by = None
    replacing_number = record.get_text("replaced_by", max_length=100)
    if replacing_number:
        replaced_by = DocumentPage.objects.filter(number_key=number_key(replacing_number)).first()
        if replaced_by is None:
            raise ImportFieldError("replaced_by", f"chưa có văn bản số “{replacing_number}” (nhập văn bản đó trước)")
    file_spec = record.get_object("file")
    return {
        "doc_type": known[fold(doc_type)],
        "number": number,
        "issuer": record.get_text("issuer", required=True, max_length=255),
        "issued_on": issued_on,
        "effective_on": record.get_date("effective_on"),
        "status": status,
        "replaced_by": replaced_by,
        "summary": record.get_text("summary", required=True),
        "file": import_file(file_spec, context) if file_spec else None,
    }


def import_file(spec, context):
    """The document's file, checked by its content, stored once however often it is imported."""
    raw_path = spec.get_text("path", required=True)
    path = (context.base_dir / raw_path).resolve()
    if not path.is_file():
        raise ImportFieldError("file.path", f"không có tệp “{raw_path}” (tính từ thư mục của tệp nhập)")
    with path.open("rb") as fh:
        try:
            check_file(path.name, fh.read(8), path.stat().st_size)
        except ValidationError as exc:
            raise ImportFieldError("file.path", exc.messages[0]) from exc
        fh.seek(0)
        file_hash = hash_filelike(fh)
    model = get_document_model()
    document = model.objects.filter(file_hash=file_hash).first()
    if document is None:
        title = spec.get_text("title", max_length=255) or path.stem
        with path.open("rb") as fh:
            document = model(title=title)
            document.file = File(fh, name=path.name)
            document.file_size = path.stat().st_size
            document.file_hash = file_hash
            document.save()
    return document

"""Import articles from JSON Lines (DESIGN.md contract 3).

Each line is imported in its own transaction: a bad line is reported with its line number
and field and leaves nothing behind, while the other lines still import. Re-importing the
same external_id updates that page; an unchanged line is left alone (no new revision).
"""

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import nh3
from django.core.exceptions import ValidationError
from django.core.files.images import ImageFile
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.html import escape
from PIL import Image as PILImage
from wagtail.models import Page
from wagtail.utils.file import hash_filelike

from core.kinds import all_kinds, get_kind
from core.text import clean_text, find_control_chars

MAX_IMAGE_BYTES = 15 * 1024 * 1024
ALLOWED_HTML_TAGS = {"p", "br", "strong", "b", "em", "i", "a", "ul", "ol", "li", "h2", "h3", "blockquote"}


class ImportFieldError(Exception):
    """A problem with one field of one line; the message is shown to the person importing."""

    def __init__(self, field_name: str, message: str):
        super().__init__(f"{field_name}: {message}")
        self.field = field_name
        self.message = message


class ImportRecordData(dict):
    """One parsed line, with typed accessors that raise ImportFieldError on bad values."""

    def get_text(self, name: str, required=False, max_length=None) -> str:
        value = self.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                raise ImportFieldError(name, "bắt buộc, không được để trống")
            return ""
        if not isinstance(value, str):
            raise ImportFieldError(name, f"phải là chuỗi, không phải {type(value).__name__}")
        bad = find_control_chars(value)
        if bad:
            raise ImportFieldError(name, f"chứa ký tự điều khiển không hợp lệ ({', '.join(bad)})")
        value = clean_text(value).strip()
        if max_length and len(value) > max_length:
            raise ImportFieldError(name, f"dài {len(value)} ký tự, tối đa {max_length}")
        return value

    def get_list(self, name: str) -> list[str]:
        value = self.get(name)
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ImportFieldError(name, 'phải là danh sách chuỗi, ví dụ ["Hà Nội"]')
        return [self.__class__({name: v}).get_text(name) for v in value if v.strip()]

    def get_object(self, name: str) -> "ImportRecordData | None":
        value = self.get(name)
        if value is None:
            return None
        if not isinstance(value, dict):
            raise ImportFieldError(name, "phải là một đối tượng JSON {…}")
        return self.__class__(value)

    def get_datetime(self, name: str, required=False) -> datetime | None:
        raw = self.get_text(name, required=required)
        if not raw:
            return None
        try:
            value = parse_datetime(raw)
        except ValueError:
            value = None
        if value is None:
            raise ImportFieldError(name, f"“{raw}” không phải thời điểm ISO 8601, ví dụ 2024-02-20T10:05:00+07:00")
        if timezone.is_naive(value):  # a naive time means Vietnam time
            value = timezone.make_aware(value, timezone.get_default_timezone())
        return value

    def get_date(self, name: str):
        value = self.get_datetime(name)
        return timezone.localtime(value).date() if value else None


@dataclass
class ImportContext:
    base_dir: Path
    parents: dict  # kind key -> parent Page


def body_blocks(record: ImportRecordData, required: bool = True) -> list:
    """The body as StreamField paragraphs: plain text split on blank lines, or sanitised HTML."""
    body = record.get_text("body", required=required)
    if not body:
        return []
    body_format = record.get_text("body_format") or "text"
    if body_format == "html":
        html = nh3.clean(body, tags=ALLOWED_HTML_TAGS, attributes={"a": {"href"}}, link_rel=None)
        if not html.strip():
            raise ImportFieldError("body", "không còn nội dung sau khi lọc HTML")
        return [("paragraph", html)]
    if body_format != "text":
        raise ImportFieldError("body_format", f'“{body_format}” không hợp lệ; dùng "html" hoặc bỏ trống')
    paragraphs = [p.strip() for p in body.replace("\r\n", "\n").split("\n\n") if p.strip()]
    return [("paragraph", "<p>" + escape(p).replace("\n", "<br>") + "</p>") for p in paragraphs]


def import_image(spec: ImportRecordData, context: ImportContext):
    """The image of a line: validated with Pillow, reused when the same file was imported before."""
    from core.models import CustomImage

    raw_path = spec.get_text("path", required=True)
    path = (context.base_dir / raw_path).resolve()
    if not path.is_file():
        raise ImportFieldError("image.path", f"không có tệp “{raw_path}” (tính từ thư mục của tệp nhập)")
    if path.stat().st_size > MAX_IMAGE_BYTES:
        raise ImportFieldError("image.path", f"tệp “{raw_path}” lớn hơn {MAX_IMAGE_BYTES // 1024 // 1024} MB")
    try:
        with PILImage.open(path) as img:
            img.verify()
    except Exception as exc:  # Pillow raises many types for broken or non-image files
        raise ImportFieldError(
            "image.path", f"tệp “{raw_path}” không phải ảnh hợp lệ ({exc.__class__.__name__})"
        ) from exc
    caption = spec.get_text("caption", max_length=500)
    credit = spec.get_text("credit", max_length=255)
    with path.open("rb") as fh:
        file_hash = hash_filelike(fh)
    image = CustomImage.objects.filter(file_hash=file_hash).first()
    if image is None:
        image = CustomImage(title=(caption or path.stem)[:255], caption=caption, credit=credit)
        with path.open("rb") as fh:
            image.file = ImageFile(fh, name=path.name)
            image._set_image_file_metadata()
            image.save()
    elif (image.caption, image.credit) != (caption, credit):
        image.caption, image.credit = caption, credit
        image.save(update_fields=["caption", "credit"])
    return image


def resolve_parent(path_or_slug: str, kind) -> Page:
    """--parent-stories/--parent-news: a URL path like /guong-sang/ or a page id."""
    if path_or_slug.isdigit():
        page = Page.objects.filter(pk=int(path_or_slug)).first()
    else:
        parts = [p for p in path_or_slug.strip("/").split("/") if p]
        page = None
        for candidate in Page.objects.filter(slug=parts[-1]) if parts else []:
            if [a.slug for a in candidate.get_ancestors(inclusive=True).filter(depth__gt=2)] == parts:
                page = candidate
                break
    if page is None:
        raise LookupError(f"không tìm thấy trang cha “{path_or_slug}” cho loại {kind.key}")
    if not isinstance(page.specific, kind.index_model):
        raise LookupError(f"trang “{path_or_slug}” không phải {kind.index_model._meta.verbose_name}")
    return page.specific


def default_parents(overrides: dict) -> dict:
    parents = {}
    for kind in all_kinds():
        if overrides.get(kind.key):
            parents[kind.key] = resolve_parent(overrides[kind.key], kind)
        else:
            parent = kind.index_model.objects.first()
            if parent is None:
                raise LookupError(
                    f"chưa có trang {kind.index_model._meta.verbose_name}; chạy `python manage.py load_demo` "
                    f"hoặc tạo trang đó trong trang quản trị"
                )
            parents[kind.key] = parent
    return parents


@dataclass
class ImportSummary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list = field(default_factory=list)  # (line number, message)

    @property
    def failed(self) -> int:
        return len(self.errors)


class LineError(Exception):
    pass


def import_line(text: str, context: ImportContext, source="") -> str:
    """Import one JSON line; returns "created", "updated" or "unchanged"."""
    from core.models import ImportRecord

    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        raise LineError(f"JSON không hợp lệ ({exc.msg}, cột {exc.colno})") from exc
    if not isinstance(raw, dict):
        raise LineError("mỗi dòng phải là một đối tượng JSON {…}")
    record = ImportRecordData(raw)
    try:
        external_id = record.get_text("external_id", required=True, max_length=255)
        kind_key = record.get_text("kind", required=True)
        kind = get_kind(kind_key)
        if kind is None:
            choices = " | ".join(f'"{k.key}"' for k in all_kinds())
            raise ImportFieldError("kind", f"“{kind_key}” không hợp lệ; dùng {choices}")
        status = kind.model.import_publication_status(record)
    except ImportFieldError as exc:
        raise LineError(str(exc)) from exc

    digest = hashlib.sha256(json.dumps(raw, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
    existing = ImportRecord.objects.filter(source=source, external_id=external_id).select_related("page").first()
    if existing and existing.content_hash == digest:
        return "unchanged"
    try:
        with transaction.atomic():
            if existing:
                page = existing.page.specific
                if not isinstance(page, kind.model):
                    raise ImportFieldError("kind", f"external_id “{external_id}” đã được nhập là loại khác")
            else:
                page = kind.model()
            page.apply_import(record, context)
            # "Updated" is when the content really changed: the line's updated_at, else its
            # published_at for a new article, else (a changed line) the time it is published.
            updated = record.get_datetime("updated_at") or (None if existing else page.published_at)
            if not existing:
                page.live = False
                context.parents[kind.key].add_child(instance=page)
            revision = page.save_revision(log_action=True, content_updated_at=updated)
            if status == "published":
                revision.publish()
            elif page.live:
                page.unpublish()
            ImportRecord.objects.update_or_create(
                source=source, external_id=external_id, defaults={"page": page, "content_hash": digest}
            )
    except ImportFieldError as exc:
        raise LineError(str(exc)) from exc
    except ValidationError as exc:
        details = "; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())
        raise LineError(details) from exc
    return "updated" if existing else "created"

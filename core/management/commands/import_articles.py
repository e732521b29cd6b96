import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from core.importer import ImportContext, ImportSummary, LineError, default_parents, import_line


class Command(BaseCommand):
    help = "Nhập bài từ tệp JSON Lines (mỗi dòng một bài). Nhập lại cùng external_id sẽ cập nhật, không tạo bản trùng."

    def add_arguments(self, parser):
        parser.add_argument("file", help="tệp .jsonl")
        parser.add_argument("--parent-stories", help="đường dẫn trang chứa gương sáng, ví dụ /guong-sang/")
        parser.add_argument("--parent-news", help="đường dẫn trang chứa tin phong trào, ví dụ /tin-phong-trao/")
        parser.add_argument("--source", default="", help="tên nguồn; external_id là duy nhất trong mỗi nguồn")

    def handle(self, *args, file, parent_stories=None, parent_news=None, source="", **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp {path}. Kiểm tra lại đường dẫn.")
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except UnicodeDecodeError as exc:
            raise CommandError(f"{path} không phải UTF-8 (byte {exc.start}). Lưu lại tệp dưới dạng UTF-8.") from exc
        try:
            parents = default_parents({"story": parent_stories, "news": parent_news})
        except LookupError as exc:
            message = str(exc)
            raise CommandError(message[:1].upper() + message[1:]) from exc

        context = ImportContext(base_dir=path.resolve().parent, parents=parents)
        summary = ImportSummary()
        numbered = [(n, text) for n, text in enumerate(lines, start=1) if text.strip()]
        progress = tqdm(
            numbered, desc="Nhập bài", unit="dòng", disable=not sys.stderr.isatty() or options["verbosity"] == 0
        )
        for line_no, text in progress:
            try:
                outcome = import_line(text, context, source=source)
            except LineError as exc:
                summary.errors.append((line_no, str(exc)))
                with tqdm.external_write_mode(file=sys.stderr):
                    self.stderr.write(self.style.ERROR(f"Dòng {line_no}: {exc}"))
                continue
            setattr(summary, outcome, getattr(summary, outcome) + 1)

        self.stdout.write(
            f"Tạo mới: {summary.created} · Cập nhật: {summary.updated} · "
            f"Không đổi: {summary.unchanged} · Lỗi: {summary.failed}"
        )
        if summary.failed:
            raise CommandError(
                f"{summary.failed} dòng bị lỗi; sửa các dòng trên rồi chạy lại (các dòng đúng đã được nhập)."
            )

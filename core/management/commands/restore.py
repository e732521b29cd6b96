"""`manage.py restore FILE [--yes]`: puts a `manage.py backup` archive back into the configured
site, fresh or existing (core/backup.py; docs/operations.md)."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from core import backup
from core.backup import ENGINE_NAMES


class Command(BaseCommand):
    help = (
        "Khôi phục một bản sao lưu của `manage.py backup` (cơ sở dữ liệu, media, media riêng tư) vào trang "
        "đang cấu hình. Trang đích đã có dữ liệu thì cần --yes: mọi thứ trong đó bị thay thế."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="tệp .tar.gz do `manage.py backup` tạo ra; - để đọc từ đầu vào chuẩn (stdin)")
        parser.add_argument("--yes", action="store_true", help="đồng ý xóa và thay thế cơ sở dữ liệu và media đang có")

    def handle(self, *args, file, yes=False, **options):
        path = Path(file)
        with backup.command_errors(
            database="Lỗi cơ sở dữ liệu khi khôi phục ({error}). Kiểm tra DATABASE_URL và máy chủ cơ sở dữ liệu "
            "rồi chạy lại.",
            files="Lỗi đọc/ghi tệp khi khôi phục ({error}). Kiểm tra quyền ghi vào MEDIA_ROOT, PRIVATE_MEDIA_ROOT "
            "và thư mục cơ sở dữ liệu, dung lượng đĩa, rồi chạy lại.",
        ):
            self.restore(path, yes, options["verbosity"])

    def restore(self, path: Path, yes: bool, verbosity: int):
        db = backup.database_settings()
        backup.engine_kind(db)
        stream = None
        if str(path) == "-":
            if sys.stdin.isatty():
                raise CommandError(
                    "Chưa có gì ở đầu vào chuẩn: `manage.py restore - < guongsang.tar.gz`, "
                    "hoặc ghi đường dẫn tệp thay cho -."
                )
            stream, path = sys.stdin.buffer, Path("(stdin)")
        with backup.open_archive(path, stream) as tar:
            manifest = backup.read_manifest(tar, path)
            backup.check_engine(manifest, db)
            existing = backup.target_contents(db)
            if existing and not yes:
                raise CommandError(
                    "Trang đích không trống: " + "; ".join(existing) + ". Khôi phục sẽ xóa và thay thế toàn bộ. "
                    "Nếu cần giữ dữ liệu hiện tại, sao lưu trước (`manage.py backup`); dừng web và worker; rồi "
                    "chạy lại với --yes. Để kiểm tra một bản sao lưu, hãy khôi phục vào một bản cài mới "
                    "(DATABASE_URL, MEDIA_ROOT, PRIVATE_MEDIA_ROOT khác)."
                )
            files = manifest.get("files", {})
            self.stdout.write(
                f"Khôi phục bản sao lưu tạo lúc {manifest.get('created')} (Django {manifest.get('django')}, "
                f"Wagtail {manifest.get('wagtail')}, {files.get('media', 0)} tệp media, "
                f"{files.get('private-media', 0)} tệp media riêng tư) vào {backup.database_label(db)}…"
            )
            total = manifest.get("database", {}).get("bytes", 0) + sum(manifest.get("file_bytes", {}).values())
            progress = tqdm(
                total=total or None,
                desc="Đọc bản sao lưu",
                unit="B",
                unit_scale=True,
                disable=not sys.stderr.isatty() or verbosity == 0,
            )
            try:
                staged = backup.stage(tar, path, manifest, progress)
            finally:
                progress.close()
        try:
            backup.restore_database(staged, db)
            backup.swap_media(staged)
        finally:
            staged.discard()
        for folder, expected in files.items():
            if staged.counts.get(folder, 0) < expected:
                self.stdout.write(
                    self.style.WARNING(
                        f"{folder}: {staged.counts.get(folder, 0)} tệp, manifest ghi {expected} (tệp bị xóa trong lúc "
                        "sao lưu, thường là ảnh thu nhỏ sẽ được tạo lại)."
                    )
                )
        advice = backup.after_restore()
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã khôi phục cơ sở dữ liệu {ENGINE_NAMES[manifest['engine']]}, {staged.counts.get('media', 0)} tệp "
                f"media và {staged.counts.get('private-media', 0)} tệp media riêng tư. Phiên bản nội dung đã được làm "
                "mới: bộ nhớ đệm không còn phục vụ trang cũ."
            )
        )
        for line in advice:
            self.stdout.write(f"Tiếp theo: {line}")
        self.stdout.write("Tiếp theo: khởi động lại web và worker nếu đã dừng chúng, rồi mở trang chủ để kiểm tra.")

"""`manage.py backup [--output FILE]`: the database, the media and the private media in one
.tar.gz (core/backup.py; docs/operations.md). Safe while the site runs."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from tqdm import tqdm

from core.backup import ENGINE_NAMES, command_errors, make_backup


def human_size(size: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}".replace(".", ",")
        size /= 1024
    return str(size)


class Command(BaseCommand):
    help = (
        "Sao lưu toàn bộ trang vào một tệp .tar.gz: cơ sở dữ liệu, media và media riêng tư. "
        "Chạy được khi trang đang hoạt động. Khôi phục bằng `manage.py restore TỆP`."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            "-o",
            help="tệp .tar.gz sẽ ghi (mặc định: guongsang-NĂMTHÁNGNGÀY-GIỜPHÚTGIÂY.tar.gz "
            "trong thư mục hiện tại); - để ghi ra đầu ra chuẩn (stdout)",
        )

    def handle(self, *args, output=None, **options):
        if not output:
            output = f"guongsang-{timezone.localtime():%Y%m%d-%H%M%S}.tar.gz"
        stream, out = None, self.stdout
        if output == "-":  # the archive on stdout, our messages on stderr
            if sys.stdout.isatty():
                raise CommandError(
                    "Không ghi bản sao lưu ra màn hình: chuyển hướng sang tệp, ví dụ "
                    "`manage.py backup --output - > guongsang.tar.gz`."
                )
            stream, out, path = sys.stdout.buffer, self.stderr, None
        else:
            path = Path(output)
            if path.is_dir():
                raise CommandError(f"{path} là một thư mục: ghi rõ tên tệp, ví dụ --output {path / 'guongsang.tar.gz'}")
        progress = tqdm(
            total=0,
            desc="Sao lưu",
            unit="B",
            unit_scale=True,
            disable=not sys.stderr.isatty() or options["verbosity"] == 0,
        )
        try:
            with command_errors(
                database="Không đọc được cơ sở dữ liệu ({error}). Kiểm tra DATABASE_URL và máy chủ cơ sở dữ liệu "
                "rồi chạy lại.",
                files=f"Không ghi được bản sao lưu {path} ({{error}}). Kiểm tra quyền ghi và dung lượng đĩa, hoặc "
                "chọn nơi khác bằng --output, rồi chạy lại.",
            ):
                result = make_backup(path, progress, stream)
        finally:
            progress.close()

        files = result.manifest["files"]
        where = f"{result.path} ({human_size(result.size)})" if result.path else "đầu ra chuẩn"
        out.write(
            self.style.SUCCESS(
                f"Đã sao lưu vào {where}: cơ sở dữ liệu "
                f"{ENGINE_NAMES[result.manifest['engine']]}, {files['media']} tệp media, "
                f"{files['private-media']} tệp media riêng tư."
            )
        )
        if result.manifest.get("skipped"):
            out.write(
                f"{result.manifest['skipped']} tệp bị xóa trong lúc sao lưu (bản ảnh thu nhỏ được "
                "tạo lại khi cần) nên không có trong tệp."
            )
        out.write(
            "Tiếp theo: chép tệp này sang máy khác, và thỉnh thoảng kiểm tra nó bằng cách khôi phục vào một bản "
            "cài mới (`manage.py restore TỆP`, xem docs/operations.md). Tệp chứa dữ liệu cá nhân của bạn đọc: "
            "giữ nó ở nơi an toàn."
        )

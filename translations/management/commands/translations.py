import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from translations import catalogue


class Command(BaseCommand):
    help = "Bản dịch tiếng Việt của giao diện quản trị (docs/translations.md): sync, coverage, check, compile, import."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("sync", help="Cập nhật danh mục theo các gói đã cài (như msgmerge).")
        cov = sub.add_parser("coverage", help="Tỉ lệ đã dịch theo từng miền, so với các gói đã cài.")
        cov.add_argument(
            "--list", action="store_true", dest="show_list", help="In các thông điệp chưa dịch hoặc fuzzy."
        )
        cov.add_argument(
            "--min",
            type=float,
            default=None,
            dest="min_percent",
            metavar="PERCENT",
            help="Thoát mã lỗi nếu Wagtail hoặc Django dưới ngưỡng phần trăm này.",
        )
        chk = sub.add_parser("check", help="Kiểm tra biến giữ chỗ, HTML, số nhiều, định dạng, thuật ngữ.")
        chk.add_argument("--no-glossary", action="store_true", help="Bỏ qua kiểm tra thuật ngữ.")
        sub.add_parser("compile", help="Biên dịch .po thành .mo bằng Python (không cần gettext).")
        imp = sub.add_parser("import", help="Điền bản dịch từ các tệp JSON của người dịch.")
        imp.add_argument("files", nargs="+")

    def progress(self, items, desc):
        show = sys.stderr.isatty() and self.verbosity > 0
        return tqdm(items, desc=desc, unit="tệp") if show else items

    def handle(self, *args, action, **options):
        self.verbosity = options["verbosity"]
        getattr(self, "do_" + action)(**options)

    def do_sync(self, **options):
        reports, stale = catalogue.sync(progress=lambda items: self.progress(items, "Đồng bộ"))
        for r in reports:
            self.stdout.write(f"{r.domain}/{r.filename}: giữ {r.kept}, thêm {r.added}, fuzzy {r.fuzzy}, bỏ {r.dropped}")
        for domain, filename in stale:
            self.stdout.write(f"{domain}/{filename}: gói đã cài không còn miền này — có thể xóa thư mục.")
        self.stdout.write("Chạy tiếp `translations coverage --list`, dịch, rồi `check` và `compile`.")

    def do_coverage(self, show_list=False, min_percent=None, **options):
        reports = catalogue.coverage(progress=lambda items: self.progress(items, "Đếm"))
        width = max(len(f"{r.domain}/{r.filename}") for r in reports)
        self.stdout.write(f"{'miền':<{width}}  tổng  đã dịch  fuzzy  chưa dịch      %")
        for r in reports:
            name = f"{r.domain}/{r.filename}"
            self.stdout.write(
                f"{name:<{width}}  {r.total:>4}  {r.translated:>7}  {r.fuzzy:>5}  {r.untranslated:>9}  {r.percent:5.1f}"
            )
        wagtail = catalogue.total([r for r in reports if catalogue.is_wagtail(r.domain)])
        django = catalogue.total([r for r in reports if catalogue.is_django(r.domain)])
        everything = catalogue.total(reports)
        self.stdout.write(
            f"Wagtail: {wagtail.translated}/{wagtail.total} ({wagtail.percent:.1f}%); "
            f"Django: {django.translated}/{django.total} ({django.percent:.1f}%); "
            f"tất cả: {everything.translated}/{everything.total} ({everything.percent:.1f}%)"
        )
        if show_list:
            for r in reports:
                for state, msgctxt, msgid in r.missing:
                    context = f" [{msgctxt}]" if msgctxt else ""
                    self.stdout.write(f"{r.domain}/{r.filename}\t{state}{context}\t{msgid!r}")
        for name, summed in (("Wagtail", wagtail), ("Django", django)):
            if min_percent is not None and summed.percent < min_percent:
                raise CommandError(f"{name} mới dịch {summed.percent:.1f}%, dưới ngưỡng {min_percent}%.")

    def do_check(self, no_glossary=False, **options):
        bad = 0
        for domain, filename, path in self.progress(catalogue.our_catalogues(), "Kiểm tra"):
            for msgid, problems in catalogue.check_file(path, glossary_check=not no_glossary):
                bad += 1
                where = f"{domain}/{filename}" + (f" {msgid[:70]!r}" if msgid else "")
                self.stdout.write(f"{where}: {'; '.join(problems)}")
        for filename, _msgctxt, msgid, translations in catalogue.conflicts():
            bad += 1
            shown = "; ".join(f"{domain}: {text!r}" for domain, text in translations.items())
            self.stdout.write(f"{filename} {msgid[:70]!r}: dịch khác nhau giữa các danh mục ({shown})")
        if bad:
            raise CommandError(f"{bad} lỗi trong các danh mục.")
        self.stdout.write("Mọi danh mục đều đạt.")

    def do_compile(self, **options):
        for domain, filename, path in self.progress(catalogue.our_catalogues(), "Biên dịch"):
            for msgid in catalogue.compile_file(path):
                self.stderr.write(f"{domain}/{filename}: bỏ qua bản dịch lỗi của {msgid[:70]!r}")
        self.stdout.write("Đã biên dịch các tệp .mo.")

    def do_import(self, files, **options):
        try:
            written, refused = catalogue.import_files(files)
        except (OSError, ValueError) as exc:
            raise CommandError(f"Không đọc được tệp JSON: {exc}") from exc
        for item, reason in refused:
            where = f"{item.get('domain')}/{item.get('file')} {str(item.get('msgid'))[:70]!r}"
            self.stdout.write(f"Từ chối {where}: {reason}")
        self.stdout.write(f"Đã nhập {written} bản dịch, từ chối {len(refused)}.")

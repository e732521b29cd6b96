import sys

from django.core.management.base import BaseCommand
from django.db import transaction
from tqdm import tqdm

from core.kinds import all_kinds
from search import indexing
from search.models import SearchEntry


class Command(BaseCommand):
    help = "Chỉ mục tìm kiếm: `rebuild` dựng lại toàn bộ, `status` so số bài trong chỉ mục với cơ sở dữ liệu."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["rebuild", "status"])

    def handle(self, *args, action, **options):
        if action == "rebuild":
            show = sys.stderr.isatty() and options["verbosity"] > 0
            progress = (lambda pages: tqdm(pages, desc="Lập chỉ mục", unit="bài")) if show else None
            with transaction.atomic():  # readers keep the old index until the new one is complete
                count = indexing.rebuild(progress)
            self.stdout.write(f"Đã lập chỉ mục {count} bài.")
            return
        ok = True
        for kind in all_kinds():
            published = kind.model.objects.live().public().count()
            indexed = SearchEntry.objects.filter(kind=kind.key).count()
            ok &= published == indexed
            mark = "khớp" if published == indexed else "LỆCH: chạy `python manage.py search_index rebuild`"
            self.stdout.write(f"{kind.label}: {indexed} trong chỉ mục / {published} đang xuất bản ({mark})")
        if not ok:
            sys.exit(1)

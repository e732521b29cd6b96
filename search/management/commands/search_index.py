import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from tqdm import tqdm

from core.kinds import all_kinds
from search import es_index, indexing
from search.es_engine import client as es_client
from search.models import PendingSync, SearchEntry


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
            self.stdout.write(f"Đã lập chỉ mục {count} bài (cơ sở dữ liệu).")
            if settings.ELASTICSEARCH_URL:
                entries = SearchEntry.objects.prefetch_related("movements__movement", "localities__locality")
                try:
                    name = es_index.rebuild(es_client(), list(entries), progress)
                except Exception as exc:
                    raise CommandError(
                        f"Không dựng được chỉ mục Elasticsearch ({exc.__class__.__name__}: {exc}). "
                        f"Kiểm tra ELASTICSEARCH_URL={settings.ELASTICSEARCH_URL} rồi chạy lại; "
                        "tìm kiếm vẫn chạy bằng cơ sở dữ liệu."
                    ) from exc
                self.stdout.write(f"Đã dựng chỉ mục Elasticsearch {name} và chuyển bí danh {es_index.ALIAS} sang nó.")
            return
        ok = True
        for kind in all_kinds():
            published = kind.model.objects.visible_to_readers().count()
            indexed = SearchEntry.objects.filter(kind=kind.key).count()
            ok &= published == indexed
            mark = "khớp" if published == indexed else "LỆCH: chạy `python manage.py search_index rebuild`"
            self.stdout.write(f"{kind.label}: {indexed} trong chỉ mục / {published} đang xuất bản ({mark})")
        if settings.ELASTICSEARCH_URL:
            try:
                in_es = es_index.count(es_client())
            except Exception as exc:
                in_es, ok = f"không kết nối được ({exc.__class__.__name__})", False
            else:
                ok &= in_es == SearchEntry.objects.count()
            self.stdout.write(f"Elasticsearch: {in_es} / {SearchEntry.objects.count()} trong chỉ mục cơ sở dữ liệu")
            waiting = PendingSync.objects.order_by("next_attempt_at").first()
            if waiting is not None:
                self.stdout.write(
                    f"Chờ gửi sang Elasticsearch: {PendingSync.objects.count()} bài, lần thử tới lúc "
                    f"{timezone.localtime(waiting.next_attempt_at):%d/%m/%Y %H:%M} (lỗi gần nhất: {waiting.last_error or 'chưa thử'}); "
                    "`python manage.py run_worker` gửi tiếp khi Elasticsearch chạy lại."
                )
        if not ok:
            sys.exit(1)

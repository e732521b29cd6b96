"""Load the original Vietnamese demo content. Safe to run again: it changes nothing then."""

import json
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import BaseCommand, call_command
from django.db import transaction
from django.utils.html import escape
from wagtail.models import Site

from core.citations import number_key
from core.importer import ImportContext, ImportRecordData, default_parents, import_image
from core.models import Locality, PublisherSettings
from core.readership import seed_demo_counts
from documents.models import DocumentIndexPage, DocumentPage
from exemplars.models import StoryIndexPage
from home.demo_files import docx_bytes
from home.demo_images import illustration_png
from home.models import HomeFeaturedStory, HomePage
from home.signals import demo_loaded
from movements.models import MovementIndexPage, MovementPage
from news.models import NewsIndexPage

DEMO_DIR = Path(__file__).resolve().parents[2] / "demo"
SECTIONS = [
    (
        StoryIndexPage,
        "Gương sáng",
        "guong-sang",
        "Những tấm gương người tốt, việc tốt, điển hình tiên tiến trên mọi miền đất nước.",
    ),
    (
        NewsIndexPage,
        "Tin phong trào",
        "tin-phong-trao",
        "Tin tức về các phong trào thi đua yêu nước và công tác khen thưởng.",
    ),
    (
        MovementIndexPage,
        "Phong trào thi đua",
        "phong-trao",
        "Các phong trào thi đua đang được phát động và triển khai.",
    ),
    (
        DocumentIndexPage,
        "Văn bản",
        "van-ban",
        "Luật, nghị định, chỉ thị, quyết định và kế hoạch về thi đua, khen thưởng mà các bài viết nhắc đến.",
    ),
]


class Command(BaseCommand):
    help = "Nạp nội dung mẫu tiếng Việt (phong trào, gương sáng, tin) với ảnh minh họa. Chạy lại không thay đổi gì."

    def handle(self, *args, **options):
        home = HomePage.objects.first()
        if home is None:
            self.stderr.write("Chưa có trang chủ: chạy `python manage.py migrate` trước.")
            return
        with transaction.atomic():
            sections = {spec[0]: self.ensure_section(home, *spec) for spec in SECTIONS}
        with tempfile.TemporaryDirectory() as tmp:
            tmp = Path(tmp)
            context = ImportContext(base_dir=tmp, parents=default_parents({}))
            self.load_movements(sections[MovementIndexPage], context)
            jsonl = self.write_import_file(tmp)
            call_command("import_articles", str(jsonl), source="demo", stdout=self.stdout, stderr=self.stderr)
        self.link_launch_documents()
        self.feature_stories(home)
        self.seed_read_counts()
        self.fill_publisher_details()
        self.ensure_admin()
        demo_loaded.send(sender=type(self), home=home, stdout=self.stdout)
        self.point_site_at(settings.WAGTAILADMIN_BASE_URL)

    def fill_publisher_details(self):
        """The footer's legal details, marked as a sample: an operator replaces them in Cài đặt."""
        site = Site.objects.get(is_default_site=True)
        publisher = PublisherSettings.for_site(site)
        if not publisher.owner:
            publisher.owner = "Ban Thi đua – Khen thưởng (dữ liệu mẫu)"
            publisher.licence = "Giấy phép thiết lập trang thông tin điện tử tổng hợp số 00/GP-TTĐT (mẫu)"
            publisher.responsible_person = "Nguyễn Văn A, Trưởng ban (mẫu)"
            publisher.address = "Số 1 đường Mẫu, phường Mẫu, tỉnh Mẫu"
            publisher.phone = "0269 3824 567"
            publisher.email = "bientap@guongsang.example"
            publisher.save()

    def ensure_section(self, home, model, title, slug, intro):
        page = model.objects.first()
        if page is None:
            page = model(title=title, slug=slug, intro=intro, show_in_menus=True)
            home.add_child(instance=page)
            page.save_revision().publish()
            self.stdout.write(f"Tạo chuyên mục {title}")
        return page

    def load_movements(self, index_page, context):
        movements = json.loads((DEMO_DIR / "movements.json").read_text(encoding="utf-8"))
        existing = set(MovementPage.objects.values_list("slug", flat=True))
        for item in movements:  # parents first so "hưởng ứng" links resolve
            if item["slug"] in existing:
                continue
            (context.base_dir / f"{item['slug']}.png").write_bytes(illustration_png(item["slug"]))
            image = import_image(
                ImportRecordData(path=f"{item['slug']}.png", caption=item["name"], credit="Gương Sáng, minh họa"),
                context,
            )
            page = MovementPage(
                title=item["name"],
                slug=item["slug"],
                alternative_names="\n".join(item["aliases"]),
                launcher=item["launcher"],
                launch_date=item["launch_date"],
                launch_occasion=item["launch_occasion"],
                period_start=item["period_start"],
                period_end=item["period_end"],
                theme=item["theme"],
                scope=item["scope"],
                scope_locality=Locality.objects.filter(name=item["scope_locality"], is_current=True).first()
                if item["scope_locality"]
                else None,
                parent_movement=MovementPage.objects.filter(slug=item["parent"]).first() if item["parent"] else None,
                status=item["status"],
                field_of_work=item.get("field_of_work", ""),
                description="".join(f"<p>{escape(p)}</p>" for p in item["description"]),
                hero_image=image,
            )
            index_page.add_child(instance=page)
            page.save_revision().publish()
            existing.add(item["slug"])
        self.stdout.write(f"Phong trào: {len(existing)}")

    def write_import_file(self, tmp: Path) -> Path:
        """The demo documents, then the articles, in the import format, with their generated
        images and document files beside them."""
        sources = [DEMO_DIR / "documents.jsonl", DEMO_DIR / "articles.jsonl"]
        text = "".join(source.read_text(encoding="utf-8") for source in sources)
        (tmp / "images").mkdir()
        (tmp / "files").mkdir()
        for line in text.splitlines():
            if line.strip():
                record = json.loads(line)
                if record.get("image"):
                    (tmp / record["image"]["path"]).write_bytes(illustration_png(record["external_id"]))
                if record.get("file"):
                    heading = f"{record['doc_type'].upper()} SỐ {record['number']}"
                    paragraphs = [
                        heading,
                        record.get("title", ""),
                        record["summary"],
                        *record.get("body", "").split("\n\n"),
                    ]
                    (tmp / record["file"]["path"]).write_bytes(docx_bytes([p for p in paragraphs if p]))
        target = tmp / "articles.jsonl"
        target.write_text(text, encoding="utf-8")
        return target

    def link_launch_documents(self):
        """Movements name the document that launched them once it is imported (movements are
        loaded first, documents with the articles)."""
        movements = json.loads((DEMO_DIR / "movements.json").read_text(encoding="utf-8"))
        for item in movements:
            if not item.get("launch_document"):
                continue
            movement = MovementPage.objects.filter(slug=item["slug"], launch_document__isnull=True).first()
            document = DocumentPage.objects.filter(number_key=number_key(item["launch_document"])).first()
            if movement and document:
                movement.launch_document = document
                movement.save_revision().publish()

    def feature_stories(self, home):
        if home.featured_stories.exists():
            return
        from core.models import ImportRecord

        featured_ids = [
            json.loads(line)["external_id"]
            for line in (DEMO_DIR / "articles.jsonl").read_text(encoding="utf-8").splitlines()
            if line.strip() and json.loads(line).get("featured")
        ]
        for order, record in enumerate(ImportRecord.objects.filter(source="demo", external_id__in=featured_ids)):
            HomeFeaturedStory.objects.create(page=home, story_id=record.page_id, sort_order=order)

    def seed_read_counts(self):
        """Reads per day over the last 30 days, so that "Đọc nhiều" and the editors' "Lượt đọc"
        charts show something; a day that has counts already is left alone (core.readership)."""
        if written := seed_demo_counts():
            self.stdout.write(f"Lượt đọc mẫu: {written} ngày-bài")

    def point_site_at(self, base_url):
        """Absolute links (share buttons, feeds, sitemap) use the address the site is served on."""
        url = urlsplit(base_url)
        site = Site.objects.get(is_default_site=True)
        port = url.port or (443 if url.scheme == "https" else 80)
        if (site.hostname, site.port) != (url.hostname, port):
            site.hostname, site.port = url.hostname, port
            site.save()

    def ensure_admin(self):
        User = get_user_model()
        if not User.objects.filter(is_superuser=True).exists():
            User.objects.create_superuser("admin", "admin@example.com", "changeme")
            self.stdout.write("Tài khoản quản trị mẫu: admin / changeme (đổi mật khẩu trước khi dùng thật).")

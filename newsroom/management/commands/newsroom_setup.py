"""Give the newsroom roles their page permissions and put the sections under the approval
workflow (what load_demo does; for a site whose sections were created another way)."""

from django.core.management import BaseCommand

from newsroom.setup import ensure_newsroom


class Command(BaseCommand):
    help = "Phân quyền các nhóm tòa soạn trên các chuyên mục và gắn quy trình duyệt bài. Chạy lại không thay đổi gì."

    def handle(self, *args, **options):
        sections = ensure_newsroom()
        for section in sections:
            self.stdout.write(f"Chuyên mục {section.title}: đã phân quyền, quy trình duyệt bài")
        if not sections:
            self.stdout.write("Mọi chuyên mục đã được phân quyền từ trước: không thay đổi gì.")

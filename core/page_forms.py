"""The admin's form for every article kind (ArticlePage.base_form_class): the two dates editors
meet told apart. "Ngày giờ đăng" (`published_at`) is what readers see and lists sort by;
Wagtail's "go live" time (`go_live_at`, in the "Đặt lịch xuất bản" dialog) is when the worker
publishes a scheduled article. Scheduling moves the first to the second (ArticlePage.full_clean);
this form names them and undoes that move when the schedule is removed."""

from django.utils import timezone
from wagtail.admin.forms import WagtailAdminPageForm

GO_LIVE_LABEL = "Giờ tự động xuất bản"
GO_LIVE_HELP = (
    "Để trống: bài lên mạng khi bấm Xuất bản. Đặt giờ: bài tự lên mạng lúc đó, và ngày giờ đăng "
    "bạn đọc thấy lấy theo giờ này (vẫn sửa được, chỉ muộn hơn)."
)


def _same_minute(a, b) -> bool:
    return a.replace(second=0, microsecond=0) == b.replace(second=0, microsecond=0)


class ArticlePageForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "go_live_at" in self.fields:
            self.fields["go_live_at"].label = GO_LIVE_LABEL
            self.fields["go_live_at"].help_text = GO_LIVE_HELP

    def clean_title(self):
        return " ".join(self.cleaned_data["title"].split())  # the headline field is a textarea

    def clean(self):
        cleaned = super().clean()
        # The schedule removed: the date readers see had followed it; left in the future it would
        # schedule the article again (an embargo), so it becomes now.
        old_go_live, published = self.initial.get("go_live_at"), cleaned.get("published_at")
        unscheduled = old_go_live and "go_live_at" in self.fields and not cleaned.get("go_live_at")
        if unscheduled and published and published > timezone.now() and _same_minute(published, old_go_live):
            cleaned["published_at"] = timezone.now()
        return cleaned

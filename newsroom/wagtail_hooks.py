from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.models import Revision, TaskState

from core.admin_summary import WaitingSummaryItem
from newsroom.dashboard import MONTHS, charts_html


class PublishedPerMonthPanel(Component):
    name = "newsroom_published_per_month"
    template_name = "newsroom/published_per_month_panel.html"
    order = 250  # below Wagtail's "awaiting your review" (220)

    def get_context_data(self, parent_context):
        return {"charts": charts_html(), "heading": f"Đã xuất bản trong {MONTHS} tháng qua"}


class ReviewsWaitingSummaryItem(WaitingSummaryItem):
    order = 150
    label = "bài chờ bạn duyệt"
    url = "#awaiting-review-section"  # Wagtail's own panel lists them, with the actions

    def count(self):
        return TaskState.objects.reviewable_by(self.request.user).count()


class ScheduledSummaryItem(WaitingSummaryItem):
    """Pages waiting for their go-live time (`publish_scheduled` puts them out)."""

    order = 160
    icon = "calendar-alt"
    label = "bài đã lên lịch xuất bản"

    def count(self):
        scheduled = Revision.objects.page_revisions().filter(approved_go_live_at__isnull=False)
        return scheduled.values("object_id").distinct().count()


@hooks.register("construct_homepage_panels")
def add_published_per_month(request, panels):
    panels.append(PublishedPerMonthPanel())


@hooks.register("construct_homepage_summary_items")
def add_waiting_counts(request, summary_items):
    summary_items += [ReviewsWaitingSummaryItem(request), ScheduledSummaryItem(request)]

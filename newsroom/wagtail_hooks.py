from datetime import timedelta

from django.templatetags.static import static
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.models import Revision, TaskState
from wagtail.signals import task_approved, task_rejected

from core.admin_summary import WaitingSummaryItem
from newsroom import calendar
from newsroom.dashboard import MONTHS, charts_html, my_articles, writes_only
from newsroom.messages import note_task_action, refuse_stale_autosave, say_what_happened, show_notes
from newsroom.views import CalendarView, can_edit_pages, reuse_existing_image

task_approved.connect(note_task_action, dispatch_uid="newsroom-note-approved")
task_rejected.connect(note_task_action, dispatch_uid="newsroom-note-rejected")

UPCOMING_DAYS = 7
UPCOMING_SHOWN = 8


class PublishedPerMonthPanel(Component):
    name = "newsroom_published_per_month"
    template_name = "newsroom/published_per_month_panel.html"
    order = 250  # below Wagtail's "awaiting your review" (220)

    def get_context_data(self, parent_context):
        return {"charts": charts_html(), "heading": f"Đã xuất bản trong {MONTHS} tháng qua"}


class MyArticlesPanel(Component):
    """ "Bài của tôi": a reporter's own articles and where each one stands, first on her dashboard."""

    name = "newsroom_my_articles"
    template_name = "newsroom/my_articles_panel.html"
    order = 50

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        return {"articles": my_articles(self.user)}


class UpcomingPanel(Component):
    """The next days of "Lịch xuất bản", with the way into the calendar."""

    name = "newsroom_upcoming"
    template_name = "newsroom/upcoming_panel.html"
    order = 240

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        today = timezone.localdate()
        now = timezone.now()
        upcoming = [
            e
            for e in calendar.entries(self.user, today, today + timedelta(days=UPCOMING_DAYS - 1))
            if e.at >= now or e.status.key != "live"
        ]
        return {
            "entries": upcoming[:UPCOMING_SHOWN],
            "more": max(0, len(upcoming) - UPCOMING_SHOWN),
            "days": UPCOMING_DAYS,
            "week_url": reverse("newsroom_calendar") + "?xem=tuan",
            "month_url": reverse("newsroom_calendar"),
        }


class ReviewsWaitingSummaryItem(WaitingSummaryItem):
    order = 150
    label = "bài chờ bạn duyệt"
    url = "#awaiting-review-section"  # Wagtail's own panel lists them, with the actions

    def is_shown(self):
        return not writes_only(self.request.user)  # a reporter reviews nothing: "Bài của tôi" instead

    def count(self):
        return TaskState.objects.reviewable_by(self.request.user).count()


class ScheduledSummaryItem(WaitingSummaryItem):
    """Pages waiting for their go-live time (`publish_scheduled` puts them out)."""

    order = 160
    icon = "calendar-alt"
    label = "bài đã lên lịch xuất bản"

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["url"] = reverse("newsroom_calendar") + "?xem=tuan"
        return context

    def count(self):
        scheduled = Revision.objects.page_revisions().filter(approved_go_live_at__isnull=False)
        return scheduled.values("object_id").distinct().count()


@hooks.register("construct_homepage_panels")
def add_newsroom_panels(request, panels):
    show_notes(request)  # what was just approved or sent back from the dashboard's buttons
    if writes_only(request.user):
        panels.append(MyArticlesPanel(request.user))
    if can_edit_pages(request.user):
        panels.append(UpcomingPanel(request.user))
    panels.append(PublishedPerMonthPanel())


@hooks.register("construct_homepage_summary_items")
def add_waiting_counts(request, summary_items):
    summary_items += [ReviewsWaitingSummaryItem(request), ScheduledSummaryItem(request)]


@hooks.register("register_admin_urls")
def newsroom_urls():
    return [
        path("lich-xuat-ban/", CalendarView.as_view(), name="newsroom_calendar"),
        path(
            "anh-trung/<int:new_image_id>/dung-anh-co-san/<int:existing_image_id>/",
            reuse_existing_image,
            name="newsroom_reuse_existing_image",
        ),
    ]


class CalendarMenuItem(MenuItem):
    def is_shown(self, request):
        return can_edit_pages(request.user)


@hooks.register("register_admin_menu_item")
def calendar_menu_item():
    return CalendarMenuItem("Lịch xuất bản", reverse("newsroom_calendar"), icon_name="calendar-alt", order=250)


@hooks.register("after_create_page")
def created_message(request, page):
    say_what_happened(request, page, created=True)


@hooks.register("after_edit_page")
def edited_message(request, page):
    say_what_happened(request, page)


@hooks.register("before_edit_page")
def pending_notes(request, page):
    if request.method == "GET":
        show_notes(request)  # an approve or reject that returned to the editor
    return refuse_stale_autosave(request, page)  # None, or a 400 that says why


@hooks.register("insert_global_admin_css")
def newsroom_css():
    # The calendar's grid and the status labels of "Bài của tôi" and the dashboard's panel.
    return format_html('<link rel="stylesheet" href="{}">', static("newsroom/calendar.css"))

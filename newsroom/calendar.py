"""The editorial calendar ("Lịch xuất bản"): what is scheduled, waiting for approval and was
published, day by day over a month or a week (weeks start on Monday), per section, only among
the pages the user may see in the admin. A fixed number of queries whatever the number of
articles: the scheduled revisions in the period, the unfinished workflows, then one query per
article kind (tests/newsroom/test_calendar.py counts them)."""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy

from core.kinds import all_kinds
from newsroom.status import IN_REVIEW, LIVE, NEEDS_CHANGES, SCHEDULED, Status, status_of, workflows
from newsroom.status import scheduled_revisions as read_scheduled

WEEKDAYS = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật"]
MONTH, WEEK = "thang", "tuan"


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def period(view: str, day: date) -> tuple[date, date]:
    """[first, last] day shown: the week (Monday to Sunday) holding `day`, or the whole weeks
    covering its month."""
    if view == WEEK:
        first = monday_of(day)
        return first, first + timedelta(days=6)
    first_of_month = day.replace(day=1)
    next_month = (first_of_month + timedelta(days=32)).replace(day=1)
    return monday_of(first_of_month), monday_of(next_month - timedelta(days=1)) + timedelta(days=6)


def shifted(view: str, day: date, step: int) -> date:
    """The same view one period earlier (-1) or later (+1)."""
    if view == WEEK:
        return monday_of(day) + timedelta(weeks=step)
    month = day.year * 12 + day.month - 1 + step
    return date(month // 12, month % 12 + 1, 1)


def vi_day(day: date) -> str:
    """Thứ Hai, 07/12/2026."""
    return f"{WEEKDAYS[day.weekday()]}, {day:%d/%m/%Y}"


@dataclass
class Entry:
    page_id: int
    title: str
    kind: str
    section: str
    at: datetime
    status: Status
    edit_url: str

    @property
    def time(self) -> str:
        return timezone.localtime(self.at).strftime("%H:%M")


@dataclass
class Day:
    date: date
    in_month: bool
    today: bool
    entries: list[Entry] = field(default_factory=list)

    @property
    def label(self) -> str:
        return vi_day(self.date)

    @property
    def weekday(self) -> str:
        return WEEKDAYS[self.date.weekday()]


def explorable(user):
    """The pages the user may see in the admin's explorer (Wagtail's own rule)."""
    return PagePermissionPolicy().explorable_instances(user)


def sections_for(user) -> list[Page]:
    """The section fronts (each kind's index page) the user may see, in tree order."""
    visible = explorable(user).values("pk")
    models = list(dict.fromkeys(kind.index_model for kind in all_kinds()))
    pages = []
    for model in models:
        pages += model.objects.filter(pk__in=visible).only("pk", "title", "path", "depth")
    return sorted(pages, key=lambda p: p.path)


def entries(user, first: date, last: date, section: Page | None = None, sections=None) -> list[Entry]:
    """Every entry between `first` and `last` (both included), oldest first: scheduled at their
    go-live time, published at the time readers see (`published_at`), in review or sent back at
    the time they are planned for (go-live time, else `published_at`)."""
    tz = timezone.get_current_timezone()
    start = datetime.combine(first, time.min, tzinfo=tz)
    end = datetime.combine(last + timedelta(days=1), time.min, tzinfo=tz)
    scheduled = read_scheduled(start=start, end=end)
    in_workflow = workflows()
    waiting = [pk for pk, flow in in_workflow.items() if flow.status in ("in_progress", "needs_changes")]
    visible = explorable(user).values("pk")
    sections = {s.path: s.title for s in (sections if sections is not None else sections_for(user))}

    found: list[Entry] = []
    for kind in all_kinds():
        pages = kind.model.objects.filter(
            Q(live=True, published_at__gte=start, published_at__lt=end)
            | Q(pk__in=list(scheduled))
            | Q(live=False, pk__in=waiting)
        ).filter(pk__in=visible)
        if section is not None:
            pages = pages.filter(path__startswith=section.path)
        pages = pages.only(
            "pk",
            "title",
            "draft_title",
            "path",
            "depth",
            "live",
            "has_unpublished_changes",
            "last_published_at",
            "latest_revision_created_at",
            "go_live_at",
            "published_at",
            "content_type_id",
        )
        for page in pages:
            section_title = next((t for p, t in sections.items() if page.path.startswith(p)), "")
            edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])

            planned = []  # (time, status)
            if page.pk in scheduled:
                planned.append((scheduled[page.pk], Status(SCHEDULED, "Đã lên lịch", when=scheduled[page.pk])))
            if page.live and start <= page.published_at < end:
                planned.append((page.published_at, Status(LIVE, "Đã xuất bản", when=page.published_at)))
            elif not page.live and page.pk in in_workflow and page.pk not in scheduled:
                moment = page.go_live_at or page.published_at
                if moment and start <= moment < end:
                    status = status_of(page, {}, in_workflow)
                    if status.key in (IN_REVIEW, NEEDS_CHANGES):
                        planned.append((moment, status))
            title = page.draft_title or page.title
            found += [Entry(page.pk, title, kind.label, section_title, m, s, edit_url) for m, s in planned]
    return sorted(found, key=lambda e: (e.at, e.title))


def grid(user, view: str, day: date, section: Page | None = None, sections=None) -> list[list[Day]]:
    """The weeks shown (a list of seven Days each), each day with its entries."""
    first, last = period(view, day)
    today = timezone.localdate()
    by_day: dict[date, list[Entry]] = {}
    for entry in entries(user, first, last, section, sections):
        by_day.setdefault(timezone.localtime(entry.at).date(), []).append(entry)
    days = []
    current = first
    while current <= last:
        in_period = view == WEEK or current.month == day.month
        days.append(Day(current, in_period, current == today, by_day.get(current, [])))
        current += timedelta(days=1)
    return [days[i : i + 7] for i in range(0, len(days), 7)]

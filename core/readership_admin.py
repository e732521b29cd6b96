"""The editors' side of "Đọc nhiều" (core.readership): the report "Lượt đọc" (Reports menu) with
every article read in the last 30 days, its reads today, over 7 and over 30 days, sortable, and
a chart of all reads per day; one article's reads per day over 30, 90 or 365 days as a chart
(core.charts) with its table; and the count on the article's edit screen. Who sees them: the
permission "core.view_readcount", which the role table gives every newsroom role
(newsroom.roles.READ_COUNTS)."""

from datetime import timedelta

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q, Sum
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Page

from core.charts import line_chart
from core.kinds import all_kinds, get_kind, kind_of
from core.models import ReadCount
from core.readership import WINDOW_DAYS

REPORT_DAYS = 30
PAGE_SIZE = 50
# Sort keys of the report's columns ("-" first: largest first).
ORDERS = {"today": "today", "week": "week", "month": "month", "title": "page__title"}


def can_see_read_counts(user) -> bool:
    return user.is_active and user.has_perm("core.view_readcount")


class PermissionRequiredMixin:
    def dispatch(self, request, *args, **kwargs):
        if not can_see_read_counts(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def _article_content_types(kinds):
    return list(ContentType.objects.get_for_models(*[kind.model for kind in kinds], for_concrete_models=False).values())


def reads_per_article(kinds, today=None):
    """Reads of each article of these kinds in the last REPORT_DAYS days: today, 7 days, 30 days."""
    today = today or timezone.localdate()
    return (
        ReadCount.objects.filter(
            day__gte=today - timedelta(days=REPORT_DAYS - 1), page__content_type__in=_article_content_types(kinds)
        )
        .values("page_id", "page__title", "page__content_type")
        .annotate(
            today=Sum("views", filter=Q(day=today), default=0),
            week=Sum("views", filter=Q(day__gte=today - timedelta(days=6)), default=0),
            month=Sum("views", default=0),
        )
    )


def daily_reads(page_ids=None, content_types=None, days=REPORT_DAYS, today=None) -> list[tuple]:
    """[(day, reads)] for every day of the range, days without reads as 0."""
    today = today or timezone.localdate()
    start = today - timedelta(days=days - 1)
    rows = ReadCount.objects.filter(day__gte=start)
    if page_ids is not None:
        rows = rows.filter(page_id__in=page_ids)
    if content_types is not None:
        rows = rows.filter(page__content_type__in=content_types)
    counted = dict(rows.values("day").annotate(total=Sum("views")).values_list("day", "total"))
    return [(start + timedelta(days=n), counted.get(start + timedelta(days=n), 0)) for n in range(days)]


class ReportFilters(forms.Form):
    kind = forms.ChoiceField(label="Loại bài", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", "Tất cả")] + [(kind.key, kind.label) for kind in all_kinds()]

    def kinds(self):
        key = self.cleaned_data.get("kind") if self.is_bound and self.is_valid() else ""
        return [get_kind(key)] if key else all_kinds()


class ReadCountsReportView(PermissionRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "core/admin/read_counts.html"
    page_title = "Lượt đọc"
    header_icon = "view"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

    def order(self):
        wanted = self.request.GET.get("order", "-week")
        return wanted if wanted.lstrip("-") in ORDERS else "-week"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filters = ReportFilters(self.request.GET or None)
        kinds = filters.kinds()
        order = self.order()
        field = ("-" if order.startswith("-") else "") + ORDERS[order.lstrip("-")]
        rows = reads_per_article(kinds).order_by(field, "-month", "page_id")
        page_obj = Paginator(rows, PAGE_SIZE).get_page(self.request.GET.get("p"))
        visible = set()
        ids = [row["page_id"] for row in page_obj]
        for kind in kinds:
            visible.update(kind.model.objects.visible_to_readers().filter(pk__in=ids).values_list("pk", flat=True))
        labels = {ContentType.objects.get_for_model(k.model, for_concrete_model=False).pk: k.label for k in all_kinds()}
        for row in page_obj:
            row["kind"] = labels.get(row["page__content_type"], "")
            row["visible"] = row["page_id"] in visible
            row["url"] = reverse("core_read_counts_page", args=[row["page_id"]])
        query = self.request.GET.copy()
        query.pop("p", None)
        query.pop("order", None)
        columns = []
        for key, label in [("title", "Bài"), ("today", "Hôm nay"), ("week", "7 ngày"), ("month", "30 ngày")]:
            current = order.lstrip("-") == key
            # Numbers sort largest first on the first click, titles A to Z.
            first = key if key == "title" else f"-{key}"
            next_order = (key if order.startswith("-") else f"-{key}") if current else first
            columns.append(
                {
                    "label": label,
                    "url": "?" + _with(query, order=next_order),
                    "sort": ("descending" if order.startswith("-") else "ascending") if current else "none",
                }
            )
        series = {kind.label: daily_reads(content_types=_article_content_types([kind])) for kind in kinds}
        context.update(
            filters=filters,
            days=REPORT_DAYS,
            window_days=WINDOW_DAYS,
            chart=line_chart(series, title=f"Lượt đọc mỗi ngày, {REPORT_DAYS} ngày qua", unit="lượt đọc"),
            columns=columns,
            page_obj=page_obj,
            rows=list(page_obj),
            rank_start=page_obj.start_index(),
            previous_url="?" + _with(query, order=order, p=page_obj.previous_page_number())
            if page_obj.has_previous()
            else "",
            next_url="?" + _with(query, order=order, p=page_obj.next_page_number()) if page_obj.has_next() else "",
        )
        return context


def _with(query, **values):
    query = query.copy()
    for name, value in values.items():
        query[name] = value
    return query.urlencode()


class PageReadsFilters(forms.Form):
    days = forms.TypedChoiceField(
        label="Khoảng thời gian",
        choices=[(30, "30 ngày qua"), (90, "90 ngày qua"), (365, "365 ngày qua")],
        coerce=int,
        initial=30,
        required=False,
    )

    def value(self):
        if self.is_bound and self.is_valid():
            return self.cleaned_data.get("days") or 30
        return 30


class PageReadsView(PermissionRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    """One article's reads per day."""

    template_name = "core/admin/read_counts_page.html"
    page_title = "Lượt đọc"
    header_icon = "view"

    def dispatch(self, request, *args, **kwargs):
        if not can_see_read_counts(request.user):
            raise PermissionDenied
        page = Page.objects.filter(pk=kwargs["page_id"]).first()
        if page is None or kind_of(page.specific_class) is None:
            raise Http404
        self.page = page.specific_deferred
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.page.get_admin_display_title()

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("core_read_counts"), "label": "Lượt đọc"},
            {"url": "", "label": self.page.get_admin_display_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filters = PageReadsFilters(self.request.GET or None)
        days = filters.value()
        series = daily_reads(page_ids=[self.page.pk], days=days)
        today = timezone.localdate()
        by_day = dict(series)
        kind = kind_of(self.page.specific_class)
        context.update(
            page=self.page,
            kind=kind,
            visible=kind.model.objects.visible_to_readers().filter(pk=self.page.pk).exists(),
            filters=filters,
            days=days,
            chart=line_chart({self.page.title: series}, title=f"Lượt đọc mỗi ngày, {days} ngày qua", unit="lượt đọc"),
            today_reads=by_day.get(today, 0),
            week_reads=sum(v for d, v in series if d > today - timedelta(days=7)),
            period_reads=sum(v for _, v in series),
            all_reads=ReadCount.objects.filter(page_id=self.page.pk).aggregate(total=Sum("views", default=0))["total"],
            edit_url=reverse("wagtailadmin_pages:edit", args=[self.page.pk]),
        )
        return context


def reads_last_7_days(page_id: int) -> int:
    since = timezone.localdate() - timedelta(days=6)
    return ReadCount.objects.filter(page_id=page_id, day__gte=since).aggregate(total=Sum("views", default=0))["total"]

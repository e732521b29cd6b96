"""Admin views of the newsroom: the editorial calendar ("Lịch xuất bản") and the duplicate-photo
step of the image chooser that keeps the existing photo."""

from datetime import date
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.images import get_image_model
from wagtail.images.views.images import DeleteView as ImageDeleteView

from newsroom import calendar
from newsroom.messages import replace_messages
from newsroom.status import IN_REVIEW, LIVE, NEEDS_CHANGES, SCHEDULED

LEGEND = [
    (SCHEDULED, "Đã lên lịch"),
    (IN_REVIEW, "Chờ duyệt"),
    (NEEDS_CHANGES, "Bị trả lại"),
    (LIVE, "Đã xuất bản"),
]


def can_edit_pages(user) -> bool:
    """Anyone who writes, edits or publishes pages in a section (every newsroom role); kept on
    the user object for the request (the menu asks on every admin screen)."""
    if not hasattr(user, "_newsroom_edits_pages"):
        user._newsroom_edits_pages = user.is_active and (user.is_superuser or calendar.sections_for(user) != [])
    return user._newsroom_edits_pages


class CalendarView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "newsroom/calendar.html"
    page_title = "Lịch xuất bản"
    header_icon = "calendar-alt"
    _breadcrumbs = None

    def dispatch(self, request, *args, **kwargs):
        if not can_edit_pages(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            {"url": reverse("wagtailadmin_home"), "label": "Trang chủ quản trị"},
            {"url": "", "label": "Lịch xuất bản"},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        view = self.request.GET.get("xem", calendar.MONTH)
        view = view if view in (calendar.MONTH, calendar.WEEK) else calendar.MONTH
        try:
            day = date.fromisoformat(self.request.GET.get("ngay", ""))
        except ValueError:
            day = timezone.localdate()
        sections = calendar.sections_for(self.request.user)
        section = None
        if chosen := self.request.GET.get("muc"):
            section = next((s for s in sections if str(s.pk) == chosen), None)
            if section is None:
                raise Http404("Không có chuyên mục này, hoặc bạn không được xem nó.")
        weeks = calendar.grid(self.request.user, view, day, section, sections)

        def link(**params):
            query = {"xem": view, "ngay": day.isoformat(), **({"muc": section.pk} if section else {}), **params}
            return f"{reverse('newsroom_calendar')}?{urlencode(query)}"

        first, last = calendar.period(view, day)
        if view == calendar.MONTH:
            heading = f"Tháng {day.month}/{day.year}"
        else:
            heading = f"Tuần {first:%d/%m/%Y} – {last:%d/%m/%Y}"
        context.update(
            view=view,
            day=day,
            weeks=weeks,
            weekdays=calendar.WEEKDAYS,
            heading=heading,
            sections=sections,
            section=section,
            legend=LEGEND,
            count=sum(len(d.entries) for week in weeks for d in week),
            previous_url=link(ngay=calendar.shifted(view, day, -1).isoformat()),
            next_url=link(ngay=calendar.shifted(view, day, +1).isoformat()),
            today_url=link(ngay=timezone.localdate().isoformat()),
            month_url=link(xem=calendar.MONTH),
            week_url=link(xem=calendar.WEEK),
            previous_label="Tháng trước" if view == calendar.MONTH else "Tuần trước",
            next_label="Tháng sau" if view == calendar.MONTH else "Tuần sau",
        )
        return context


@require_POST
def reuse_existing_image(request, new_image_id, existing_image_id):
    """The image chooser found that the photo just uploaded is already in the library and the
    editor chose "use the existing one": Wagtail's delete view removes the new copy (with its
    own permission checks) and the chooser goes on with the existing photo. Its message, "Đã
    xóa ảnh '…'", would appear later on some other screen and read as if a photo had been lost;
    this one says what happened."""
    Image = get_image_model()
    try:
        existing = Image.objects.get(pk=existing_image_id)
    except Image.DoesNotExist as error:
        raise Http404 from error
    response = ImageDeleteView.as_view()(request, image_id=new_image_id)
    if not Image.objects.filter(pk=new_image_id).exists():  # deleted (else refused: Wagtail's message stays)
        replace_messages(
            request,
            lambda message: "xóa" in str(message) or "deleted" in str(message),
            f"Ảnh vừa tải lên trùng với ảnh đã có trong thư viện: đã dùng ảnh có sẵn '{existing.title}' "
            "và bỏ bản tải lên trùng.",
        )
    return response

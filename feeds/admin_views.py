"""The partners' admin: the partner list and form (Settings → "Đối tác nhận tin", a snippet
viewset) with each partner's key and personal feed addresses, the "Tạo khóa mới" action, and
the report "Lượt lấy tin của đối tác" (Reports menu): daily pulls over 30 or 90 days as a chart
(core.charts) and a table. Keys are shown only to users allowed to change partners."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import TemplateView
from wagtail.admin.panels import FieldPanel, Panel
from wagtail.admin.ui.tables import BooleanColumn
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import Button
from wagtail.log_actions import log
from wagtail.models import Site
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.views.snippets import EditView, SnippetViewSet

from core.charts import line_chart
from feeds import partners as stats
from feeds.models import Partner, PartnerPull

ROTATE_ACTION = "feeds.rotate_key"
# The addresses a partner is given (DESIGN.md contract 4); the key works on every feed.
PARTNER_FEEDS = [
    ("Tất cả bài (RSS)", "/feeds/all.rss"),
    ("Tất cả bài (Atom)", "/feeds/all.atom"),
    ("Tất cả bài (JSON Feed)", "/feeds/all.json"),
    ("Gương sáng (RSS)", "/feeds/stories.rss"),
    ("Tin phong trào (RSS)", "/feeds/news.rss"),
    ("IPTC ninjs (API cho hãng tin)", "/api/ninjs/"),
]
partner_permissions = ModelPermissionPolicy(Partner)


def can_manage_partners(user) -> bool:
    return partner_permissions.user_has_permission(user, "change")


def can_see_pulls(user) -> bool:
    return partner_permissions.user_has_any_permission(user, ["add", "change", "delete", "view"])


def partner_feed_urls(request, partner: Partner) -> list[dict]:
    site = Site.find_for_request(request)
    root = site.root_url if site else ""
    return [
        {"id": f"partner-feed-{n}", "label": label, "url": f"{root}{path}?key={partner.key}"}
        for n, (label, path) in enumerate(PARTNER_FEEDS)
    ]


class PartnerKeyPanel(Panel):
    """The key and the partner's personal feed addresses, read-only, each with a copy button."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "feeds/admin/partner_key_panel.html"

        def is_shown(self):
            return bool(self.instance and self.instance.pk) and can_manage_partners(self.request.user)

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context.update(
                partner=self.instance,
                feed_urls=partner_feed_urls(self.request, self.instance),
                rotate_url=reverse("feeds_partner_rotate_key", args=[self.instance.pk]),
            )
            return context


class PartnerEditView(EditView):
    @property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        if can_manage_partners(self.request.user):
            buttons.append(
                Button(
                    "Tạo khóa mới",
                    url=reverse("feeds_partner_rotate_key", args=[self.object.pk]),
                    icon_name="key",
                    priority=5,
                )
            )
        return buttons


class PartnerViewSet(SnippetViewSet):
    model = Partner
    icon = "group"
    menu_label = "Đối tác nhận tin"
    menu_name = "partners"
    add_to_settings_menu = True
    edit_view_class = PartnerEditView
    list_display = ["name", "contact", BooleanColumn("active", label="Đang hoạt động", sort_key="active"), "created_at"]
    list_filter = ["active"]
    search_fields = ["name", "contact"]
    panels = [
        FieldPanel("name"),
        FieldPanel("contact"),
        FieldPanel("active"),
        PartnerKeyPanel(heading="Khóa và địa chỉ luồng tin riêng"),
    ]


class RotateKeyView(WagtailAdminTemplateMixin, TemplateView):
    """ "Tạo khóa mới": a confirmation page, then a POST that replaces the key."""

    template_name = "feeds/admin/rotate_key.html"
    page_title = "Tạo khóa mới"
    header_icon = "key"

    def dispatch(self, request, *args, **kwargs):
        if not can_manage_partners(request.user):
            raise PermissionDenied
        self.partner = get_object_or_404(Partner, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def edit_url(self):
        return reverse(Partner.snippet_viewset.get_url_name("edit"), args=[self.partner.pk])

    def get_page_subtitle(self):
        return self.partner.name

    def get_breadcrumbs_items(self):
        index = reverse(Partner.snippet_viewset.get_url_name("list"))
        return self.breadcrumbs_items + [
            {"url": index, "label": "Đối tác nhận tin"},
            {"url": self.edit_url(), "label": self.partner.name},
            {"url": "", "label": self.page_title},
        ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(partner=self.partner, cancel_url=self.edit_url(), **kwargs)

    def post(self, request, *args, **kwargs):
        self.partner.rotate_key()
        log(instance=self.partner, action=ROTATE_ACTION, user=request.user)
        messages.success(
            request,
            f"Đã tạo khóa mới cho “{self.partner.name}”. Khóa cũ không còn được đếm: "
            "hãy gửi các địa chỉ mới cho đối tác.",
        )
        return redirect(self.edit_url())


class ReportFilters(forms.Form):
    days = forms.TypedChoiceField(
        label="Khoảng thời gian",
        choices=[(30, "30 ngày qua"), (90, "90 ngày qua")],
        coerce=int,
        initial=30,
        required=False,
    )
    by = forms.ChoiceField(
        label="Vẽ theo",
        choices=[("partner", "Từng đối tác"), ("feed", "Từng luồng tin")],
        initial="partner",
        required=False,
    )
    partner = forms.ModelChoiceField(
        label="Đối tác", queryset=Partner.objects.all(), required=False, empty_label="Tất cả"
    )
    feed = forms.ChoiceField(label="Luồng tin", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        names = PartnerPull.objects.order_by("feed").values_list("feed", flat=True).distinct()
        self.fields["feed"].choices = [("", "Tất cả")] + [(name, name) for name in names]

    def value(self, name):
        """The valid value of a filter, else its default (a bad value shows as a form error)."""
        if self.is_bound and self.is_valid():
            return self.cleaned_data.get(name) or self.fields[name].initial
        return self.fields[name].initial


class PartnerPullsReportView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "feeds/admin/pulls_report.html"
    page_title = "Lượt lấy tin của đối tác"
    header_icon = "group"

    def dispatch(self, request, *args, **kwargs):
        if not can_see_pulls(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filters = ReportFilters(self.request.GET or None)
        days, by = filters.value("days"), filters.value("by")
        partner, feed = filters.value("partner"), filters.value("feed")
        series = stats.daily_pulls(days, by=by, partner_id=partner.pk if partner else None, feed=feed)
        subject = "đối tác" if by == "partner" else "luồng tin"
        rows = stats.totals(days, partner_id=partner.pk if partner else None, feed=feed)
        context.update(
            filters=filters,
            days=days,
            chart=line_chart(series, title=f"Lượt lấy tin mỗi ngày theo {subject}, {days} ngày qua", unit="lượt"),
            rows=rows,
            total=sum(row["total"] for row in rows),
            partners_url=reverse(Partner.snippet_viewset.get_url_name("list")),
            can_manage=can_manage_partners(self.request.user),
        )
        return context

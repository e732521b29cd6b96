from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet

from feeds.admin_views import (
    ROTATE_ACTION,
    PartnerPullsReportView,
    PartnerViewSet,
    RotateKeyView,
    can_see_pulls,
)

register_snippet(PartnerViewSet)


class PartnerPullsMenuItem(MenuItem):
    def is_shown(self, request):
        return can_see_pulls(request.user)


@hooks.register("register_admin_urls")
def register_partner_admin_urls():
    return [
        path("luot-lay-tin-doi-tac/", PartnerPullsReportView.as_view(), name="feeds_partner_pulls"),
        path("doi-tac/<int:pk>/tao-khoa-moi/", RotateKeyView.as_view(), name="feeds_partner_rotate_key"),
    ]


@hooks.register("register_reports_menu_item")
def register_partner_pulls_menu_item():
    return PartnerPullsMenuItem(
        "Lượt lấy tin của đối tác",
        reverse("feeds_partner_pulls"),
        name="partner-pulls",
        icon_name="group",
        order=1360,
    )


@hooks.register("register_log_actions")
def register_partner_log_actions(actions):
    actions.register_action(ROTATE_ACTION, "Tạo khóa mới", "Đã tạo khóa mới cho đối tác")

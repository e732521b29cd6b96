"""Admin menu "Bản tin": the subscribers (addresses visible only with the "view" permission:
the roles of newsroom.roles.READER_DATA) with counts by status, and the issues sent. Nobody adds or
edits a subscriber here, not even a superuser: a subscription exists only through the
reader's own confirmation (double opt-in). Deleting one erases the address at once."""

from django.conf import settings
from django.db.models import Count
from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from newsletter.models import Delivery, Issue, Subscriber


class ReadOnlyPolicy(ModelPermissionPolicy):
    """View (and for subscribers delete) by model permission; add and change for nobody."""

    denied = ("add", "change")

    def user_has_permission(self, user, action):
        return action not in self.denied and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission([a for a in actions if a not in self.denied])


class IssueReadOnlyPolicy(ReadOnlyPolicy):
    denied = ("add", "change", "delete")


register_permission_policy(Subscriber, ReadOnlyPolicy(Subscriber))
register_permission_policy(Issue, IssueReadOnlyPolicy(Issue))


class SubscriberIndexView(generic.IndexView):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        counts = dict(Subscriber.objects.values_list("status").annotate(n=Count("pk")))
        context["status_counts"] = [(label, counts.get(value, 0)) for value, label in Subscriber.Status.choices]
        context["confirm_days"] = settings.NEWSLETTER_CONFIRM_DAYS
        context["retention_days"] = settings.NEWSLETTER_UNSUBSCRIBED_RETENTION_DAYS
        return context


class SubscriberViewSet(ModelViewSet):
    model = Subscriber
    icon = "mail"
    menu_label = "Người nhận"
    index_view_class = SubscriberIndexView
    index_template_name = "newsletter/admin/subscriber_index.html"
    list_display = [
        "email",
        "movement",
        Column("status", label="Trạng thái", accessor="get_status_display"),
        "created_at",
        "confirmed_at",
        "unsubscribed_at",
    ]
    list_filter = ["status", "movement"]
    search_fields = ["email"]
    inspect_view_enabled = True
    inspect_view_fields = [
        "email",
        "movement",
        "status",
        "created_at",
        "requested_at",
        "confirmed_at",
        "unsubscribed_at",
    ]
    copy_view_enabled = False
    form_fields = []  # the add and edit views are refused to everyone (ReadOnlyPolicy)
    list_export = ["email", "movement", "get_status_display", "created_at", "confirmed_at"]
    export_headings = {"get_status_display": "Trạng thái"}
    export_filename = "nguoi-nhan-ban-tin"


def _deliveries(status, label):
    return Column(f"delivered_{status}", label=label, accessor=lambda issue: issue.delivery_count(status))


class IssueViewSet(ModelViewSet):
    model = Issue
    icon = "doc-full"
    menu_label = "Các số đã gửi"
    list_display = [
        "week",
        "period_start",
        "period_end",
        Column("article_count", label="Số bài"),
        _deliveries(Delivery.Status.SENT, "Đã gửi"),
        _deliveries(Delivery.Status.FAILED, "Chờ gửi lại"),
        _deliveries(Delivery.Status.ABANDONED, "Bỏ qua"),
        "completed_at",
    ]
    inspect_view_enabled = True
    inspect_view_fields = ["week", "period_start", "period_end", "created_at", "completed_at"]
    copy_view_enabled = False
    form_fields = []


class NewsletterGroup(ModelViewSetGroup):
    menu_label = "Bản tin"
    menu_icon = "mail"
    menu_order = 420
    items = (SubscriberViewSet("subscribers"), IssueViewSet("issues"))


@hooks.register("register_admin_viewset")
def register_newsletter_viewsets():
    return NewsletterGroup()

"""The comment moderation queue: a snippet listing filtered by status, with approve and reject
for one comment or many (Wagtail bulk actions), and the waiting count on the admin home."""

from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.widgets import ListingButton
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView

from core.admin_access import ListingPermissionRequiredMixin, ReaderDataSnippetViewSet
from core.admin_summary import WaitingSummaryItem
from core.cache import bump_content_version
from participation.models import Comment


def _article_link(comment):
    page = comment.page
    return format_html('<a href="{}" target="_blank" rel="noreferrer">{}</a>', page.url or "#", page.title)


class CommentIndexView(IndexView):
    def get_list_buttons(self, instance):
        buttons = super().get_list_buttons(instance)
        if self.permission_policy.user_has_permission(self.request.user, "change"):
            for action, label, priority in (("approve", "Duyệt", 1), ("reject", "Từ chối", 2)):
                if instance.status != ModerateBulkAction.target_status[action]:
                    url = reverse("wagtail_bulk_action", args=("participation", "comment", action))
                    buttons.append(
                        ListingButton(
                            label, url=f"{url}?id={instance.pk}&next={self.request.get_full_path()}", priority=priority
                        )
                    )
        return buttons


class CommentViewSet(ReaderDataSnippetViewSet):
    model = Comment
    icon = "comment"
    menu_label = "Bình luận"
    menu_order = 210
    add_to_admin_menu = True
    index_view_class = CommentIndexView
    inspect_view_enabled = True
    copy_view_enabled = False
    search_backend_name = None  # plain database lookups; comments are not in the search index
    search_fields = ["body", "author_name"]
    list_filter = ["status", "typed_without_diacritics"]
    list_display = [
        "excerpt",
        "author_name",
        Column("page", label="Bài viết", accessor=_article_link),
        Column("parent", label="Trả lời", accessor=lambda c: "↳" if c.parent_id else ""),
        "status",
        DateColumn("created_at", label="Gửi lúc"),
    ]
    panels = [FieldPanel("status"), FieldPanel("author_name"), FieldPanel("body")]

    def get_queryset(self, request):
        return Comment.objects.select_related("page")


register_snippet(CommentViewSet)


class ModerateBulkAction(ListingPermissionRequiredMixin, SnippetBulkAction):
    models = [Comment]
    template_name = "participation/admin/confirm_bulk_moderation.html"
    target_status = {"approve": Comment.Status.APPROVED, "reject": Comment.Status.REJECTED}

    def check_perm(self, obj):
        return self.permission_policy.user_has_permission_for_instance(self.request.user, "change", obj)

    @classmethod
    def execute_action(cls, objects, user=None, **kwargs):
        count = Comment.objects.filter(pk__in=[c.pk for c in objects]).update(
            status=cls.target_status[cls.action_type],
            moderated_at=timezone.now(),
            moderated_by=user,
        )
        bump_content_version()  # cached article pages show the new state at once
        return count, 0

    def get_execution_context(self):
        return {**super().get_execution_context(), "user": self.request.user}


@hooks.register("register_bulk_action")
class ApproveCommentsBulkAction(ModerateBulkAction):
    display_name = "Duyệt đăng"
    action_type = "approve"
    aria_label = "Duyệt đăng các bình luận đã chọn"
    question = "Đăng các bình luận này lên trang"
    action_priority = 10

    def get_success_message(self, num_parent_objects, num_child_objects):
        return f"Đã duyệt đăng {num_parent_objects} bình luận."


@hooks.register("register_bulk_action")
class RejectCommentsBulkAction(ModerateBulkAction):
    display_name = "Từ chối"
    action_type = "reject"
    aria_label = "Từ chối các bình luận đã chọn"
    question = "Từ chối các bình luận này (không đăng)"
    action_priority = 20

    def get_success_message(self, num_parent_objects, num_child_objects):
        return f"Đã từ chối {num_parent_objects} bình luận."


class PendingCommentsSummaryItem(WaitingSummaryItem):
    label = "Bình luận chờ duyệt"
    icon = "comment"
    permission = "participation.change_comment"
    url_name = "wagtailsnippets_participation_comment:list"

    def count(self):
        return Comment.objects.pending().count()


@hooks.register("construct_homepage_summary_items")
def add_pending_comments(request, items):
    items.append(PendingCommentsSummaryItem(request))

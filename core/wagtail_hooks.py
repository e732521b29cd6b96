from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import BooleanColumn
from wagtail.admin.widgets.button import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from core.admin_access import ReaderDataDeleteBulkAction
from core.charts import vi_number
from core.kinds import kind_of
from core.models import Author, AwardType, Locality, PriorityGroup
from core.readership_admin import PageReadsView, ReadCountsReportView, can_see_read_counts, reads_last_7_days


class LocalityViewSet(SnippetViewSet):
    model = Locality
    icon = "site"
    menu_label = "Địa phương"
    # A check or a cross (read "Có"/"Không"), not Python's "True"/"False".
    list_display = [
        "name",
        "code",
        "kind",
        BooleanColumn("is_current", label=Locality._meta.get_field("is_current").verbose_name),
        "successor",
    ]
    list_filter = ["is_current", "kind"]
    search_fields = ["name", "aliases"]


class AwardTypeViewSet(SnippetViewSet):
    model = AwardType
    icon = "trophy"
    menu_label = "Hình thức khen thưởng"
    list_display = ["name", "category", "legal_basis"]
    list_filter = ["category"]
    search_fields = ["name"]


class PriorityGroupViewSet(SnippetViewSet):
    model = PriorityGroup
    icon = "group"
    menu_label = "Nhóm đối tượng"


class AuthorViewSet(SnippetViewSet):
    model = Author
    icon = "user"
    menu_label = "Tác giả"
    list_display = ["name", "role"]
    search_fields = ["name"]


class TaxonomyGroup(SnippetViewSetGroup):
    items = (LocalityViewSet, AwardTypeViewSet, PriorityGroupViewSet, AuthorViewSet)
    menu_icon = "tag"
    menu_label = "Danh mục"
    menu_name = "taxonomy"


register_snippet(TaxonomyGroup)


# After Wagtail's own "delete" (order 0), so that it replaces it for every snippet that holds
# what readers sent (comments, nominations: core.admin_access).
hooks.register("register_bulk_action", ReaderDataDeleteBulkAction, order=1)


# --- "Lượt đọc" (core.readership_admin) ----------------------------------------------------


class ReadCountsMenuItem(MenuItem):
    def is_shown(self, request):
        return can_see_read_counts(request.user)


@hooks.register("register_admin_urls")
def register_read_counts_urls():
    return [
        path("luot-doc/", ReadCountsReportView.as_view(), name="core_read_counts"),
        path("luot-doc/<int:page_id>/", PageReadsView.as_view(), name="core_read_counts_page"),
    ]


@hooks.register("register_reports_menu_item")
def register_read_counts_menu_item():
    return ReadCountsMenuItem("Lượt đọc", reverse("core_read_counts"), name="read-counts", icon_name="view", order=1340)


@hooks.register("register_page_header_buttons")
def read_counts_header_button(page, user, view_name, next_url=None):
    """On an article's edit screen: its reads over the last 7 days, a link to its chart."""
    if kind_of(page.specific_class) is not None and can_see_read_counts(user):
        reads = vi_number(reads_last_7_days(page.pk))
        yield Button(
            f"Lượt đọc 7 ngày: {reads}",
            reverse("core_read_counts_page", args=[page.pk]),
            icon_name="view",
            priority=90,
        )


@hooks.register("register_page_listing_more_buttons")
def read_counts_listing_button(page, user, next_url=None):
    if kind_of(page.specific_class) is not None and can_see_read_counts(user):
        yield Button("Lượt đọc", reverse("core_read_counts_page", args=[page.pk]), icon_name="view", priority=55)

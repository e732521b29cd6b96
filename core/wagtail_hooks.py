from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from core.admin_access import ReaderDataDeleteBulkAction
from core.models import Author, AwardType, Locality, PriorityGroup


class LocalityViewSet(SnippetViewSet):
    model = Locality
    icon = "site"
    menu_label = "Địa phương"
    list_display = ["name", "code", "kind", "is_current", "successor"]
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

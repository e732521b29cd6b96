"""The help menu sends editors to our Vietnamese editor's guide (/admin/huong-dan/,
translations/guide.py) instead of Wagtail's English user guide and release notes."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from translations.guide import EditorGuideView

# Wagtail's own help items that open English pages on guide.wagtail.org.
WAGTAIL_ENGLISH_HELP = ("editor-guide", "whats-new-in-wagtail-")


@hooks.register("register_admin_urls")
def register_editor_guide_url():
    return [path("huong-dan/", EditorGuideView.as_view(), name="editor_guide")]


@hooks.register("construct_help_menu")
def editor_guide_in_help_menu(request, menu_items):
    menu_items[:] = [item for item in menu_items if not item.name.startswith(WAGTAIL_ENGLISH_HELP)]
    menu_items.insert(
        0, MenuItem("Hướng dẫn biên tập", reverse("editor_guide"), name="huong-dan", icon_name="help", order=900)
    )

"""Our own apps speak Vietnamese in the admin: the names, help texts, choices, panel headings
and block labels editors meet on the models they edit."""

import re

from django.apps import apps
from django.utils import translation
from wagtail.admin.panels import InlinePanel
from wagtail.admin.viewsets import viewsets
from wagtail.fields import StreamField
from wagtail.models import Page, get_page_models

OUR_APPS = {
    "core",
    "home",
    "movements",
    "exemplars",
    "news",
    "search",
    "translations",
    "feeds",
    "newsroom",
    "participation",
    "newsletter",
}
ENGLISH = re.compile(
    r"(?<![\w-])(the|of|and|for|with|page|pages|name|date|title|image|images|body|link|links|item|"
    r"items|type|source|author|story|stories|news|movement|locality|award|tags?|search|caption|"
    r"credit|related|description|status|order|settings|publish|draft|edit|delete|content|"
    r"promote|owner|user|yes|no|none)(?![\w-])",
    re.I,
)


def ours(model):
    return model._meta.app_label in OUR_APPS and apps.is_installed(model._meta.app_config.name)


def admin_models():
    """Models editors edit: page types, snippets and other model viewsets, settings, the
    image model; plus the models of their inline panels."""
    from wagtail.contrib.settings.registry import registry as settings_registry
    from wagtail.images import get_image_model

    found = set(get_page_models()) | set(settings_registry) | {get_image_model()}
    for viewset in viewsets.viewsets:
        model = getattr(viewset, "model", None)
        found.add(apps.get_model(model) if isinstance(model, str) else model)
    found.discard(None)
    found = {m for m in found if ours(m)}
    inline = set()
    for model in found:
        if issubclass(model, Page):
            edit_handler = model.get_edit_handler().bind_to_model(model)
            inline |= {p.db_field.related_model for p in panels(edit_handler) if isinstance(p, InlinePanel)}
    return found, {m for m in inline if ours(m)}


def panels(panel):
    yield panel
    for child in getattr(panel, "children", []):
        yield from panels(child)


def block_labels(block, seen):
    if id(block) in seen:
        return
    seen.add(id(block))
    if block.label:
        yield f"block {block.name}", block.label
    if getattr(block.meta, "help_text", None):
        yield f"block {block.name} help", block.meta.help_text
    children = getattr(block, "child_blocks", None) or {}
    for child in children.values():
        yield from block_labels(child, seen)
    if getattr(block, "child_block", None) is not None:
        yield from block_labels(block.child_block, seen)


def panel_labels(panel):
    for each in panels(panel):
        for attr in ("heading", "help_text", "label"):
            value = getattr(each, attr, "")
            if value:
                yield f"panel {attr}", value


def field_labels(model, parent_key=None):
    for field in model._meta.get_fields():
        if field.auto_created or not getattr(field, "editable", False) or field.name == parent_key:
            continue
        if field.model is Page or field.name in {f.name for f in Page._meta.get_fields()}:
            continue  # Wagtail's own fields: their words are in Wagtail's catalogue
        yield field.name, field.verbose_name
        if field.help_text:
            yield f"{field.name} help", field.help_text
        for _, label in getattr(field, "flatchoices", None) or []:
            yield f"{field.name} choice", label
        if isinstance(field, StreamField):
            yield from block_labels(field.stream_block, set())


def all_labels():
    pages, inline = admin_models()
    for model in sorted(pages | inline, key=lambda m: m._meta.label):
        where = model._meta.label
        if model in pages:
            yield where, "verbose_name", model._meta.verbose_name
            yield where, "verbose_name_plural", model._meta.verbose_name_plural
        parent_key = next((f.name for f in model._meta.get_fields() if f.__class__.__name__ == "ParentalKey"), None)
        for what, label in field_labels(model, parent_key):
            yield where, what, label
        if issubclass(model, Page):
            for what, label in panel_labels(model.get_edit_handler().bind_to_model(model)):
                yield where, what, label
    for config in apps.get_app_configs():
        if config.label in OUR_APPS:
            yield config.label, "app verbose_name", config.verbose_name


def test_our_models_speak_vietnamese():
    with translation.override("vi"):
        labels = [(where, what, str(label)) for where, what, label in all_labels()]
        english = [item for item in labels if ENGLISH.search(item[2])]
    assert len(labels) > 100  # the walk reaches the fields, panels and blocks
    assert not english, "\n".join(f"{where} {what}: {label!r}" for where, what, label in english)


def test_the_walk_reaches_what_editors_see():
    with translation.override("vi"):
        labels = {str(label) for _, _, label in all_labels()}
    # a StoryPage field, a panel heading, a StreamField block, a choice, a snippet, an app
    assert {"Khen thưởng đã nhận", "Trích dẫn", "Tác giả ảnh", "Bản dịch giao diện quản trị"} <= labels

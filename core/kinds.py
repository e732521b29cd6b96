"""The registry of article kinds: how a content type plugs into listings, the importer,
search and feeds without those modules naming page types. Each content app registers its
kind in AppConfig.ready(); core never imports a content app."""

from dataclasses import dataclass


@dataclass(frozen=True)
class ArticleKind:
    key: str  # stable public identifier: "story", "news" (import format, APIs)
    label: str  # Vietnamese label shown to readers
    model: type  # the ArticlePage subclass
    index_model: type  # the page type its pages live under


_registry: dict[str, ArticleKind] = {}


def register_kind(kind: ArticleKind) -> None:
    _registry[kind.key] = kind


def get_kind(key: str) -> ArticleKind | None:
    return _registry.get(key)


def all_kinds() -> list[ArticleKind]:
    return list(_registry.values())


def kind_of(page) -> ArticleKind | None:
    """The kind of a page (a specific instance, or a page class), or None for a page that is
    not an article."""
    cls = page if isinstance(page, type) else type(page)
    return next((kind for kind in _registry.values() if issubclass(cls, kind.model)), None)

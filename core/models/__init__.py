from .images import CustomImage, CustomRendition
from .pages import ArticleIndexPage, ArticlePage, Correction, RelatedPageLink
from .taxonomy import AwardType, Author, Locality, PriorityGroup
from .importing import ImportRecord
from .versions import SharedVersion

__all__ = [
    "ArticleIndexPage",
    "ArticlePage",
    "AwardType",
    "Author",
    "Correction",
    "CustomImage",
    "CustomRendition",
    "ImportRecord",
    "Locality",
    "PriorityGroup",
    "RelatedPageLink",
    "SharedVersion",
]

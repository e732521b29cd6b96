from .images import CustomImage, CustomRendition
from .pages import ArticleIndexPage, ArticlePage, RelatedPageLink
from .taxonomy import AwardType, Author, Locality, PriorityGroup
from .importing import ImportRecord

__all__ = [
    "ArticleIndexPage",
    "ArticlePage",
    "AwardType",
    "Author",
    "CustomImage",
    "CustomRendition",
    "ImportRecord",
    "Locality",
    "PriorityGroup",
    "RelatedPageLink",
]

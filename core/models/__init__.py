from .citations import Citation
from .drafts import AutosavedDraft
from .images import CustomImage, CustomRendition
from .importing import ImportRecord
from .pages import (
    ArticleIndexPage,
    ArticlePage,
    ArticleTag,
    Correction,
    RelatedPageLink,
    VietnameseSlugMixin,
    visible_pages,
)
from .publisher import PublisherSettings
from .readership import ReadCount
from .taxonomy import FIELD_OF_WORK_CHOICES, Author, AwardType, Locality, PriorityGroup
from .versions import SharedVersion

__all__ = [
    "FIELD_OF_WORK_CHOICES",
    "ArticleIndexPage",
    "ArticlePage",
    "ArticleTag",
    "Author",
    "AutosavedDraft",
    "AwardType",
    "Citation",
    "Correction",
    "CustomImage",
    "CustomRendition",
    "ImportRecord",
    "Locality",
    "PriorityGroup",
    "PublisherSettings",
    "ReadCount",
    "RelatedPageLink",
    "SharedVersion",
    "VietnameseSlugMixin",
    "visible_pages",
]

"""Document numbers ("số, ký hiệu": 34-CT/TW, 59/TB-VPCP, 06/2022/QH15, 1234/QĐ-TTg) in what
pages say, and the links they make to the documents the site publishes (issue 17).

One question, one place: which number is which document (number_key), which numbers a
published page cites (record, into core.Citation), which documents readers may open for a set
of numbers (documents_by_number), and the links a body gets at render time (link_numbers).
The document kind registers itself as "document" (core.kinds); core never imports it.
"""

import re
from html import escape

from core.kinds import get_kind
from core.text import fold

# A Vietnamese document number: a number, an optional year, then the symbol's parts, the first
# starting with a capital ("34-CT/TW", "59/TB-VPCP", "06/2022/QH15", "91/2017/NĐ-CP",
# "1234/QĐ-TTg"). Dates ("7/4/2014") have no letters and do not match.
NUMBER_PATTERN = re.compile(
    r"(?<![\w/.-])(\d{1,5}(?:/\d{4})?[/-][A-ZĐ][A-ZĐa-zđ0-9]*(?:[-/][A-ZĐ0-9][A-ZĐa-zđ0-9]*)*)(?![\w/-])"
)
_TAG = re.compile(r"(<[^>]*>)")
_TAG_NAME = re.compile(r"</?\s*([a-zA-Z][a-zA-Z0-9]*)")
_WHITESPACE = re.compile(r"\s+")


def number_key(number: str) -> str:
    """The form numbers are compared in: no accents, upper case, no spaces, one kind of dash
    ("34-CT/TW", "34 - CT/TW" and "34–ct/tw" are one number; "QĐ" typed as "QD" too)."""
    return _WHITESPACE.sub("", fold(number.replace("–", "-").replace("—", "-"))).upper()


def find_numbers(text: str) -> set[str]:
    """The keys of every document number in a text."""
    return {number_key(m.group(1)) for m in NUMBER_PATTERN.finditer(text or "")}


def document_model():
    kind = get_kind("document")
    return kind.model if kind else None


def documents_by_number(keys) -> dict:
    """{number key: document page} for the documents readers may open among these numbers."""
    model = document_model()
    keys = {k for k in keys if k}
    if model is None or not keys:
        return {}
    found = (
        model.objects.visible_to_readers()
        .filter(number_key__in=keys)
        .only("title", "url_path", "number_key", "depth", "path")
    )
    return {doc.number_key: doc for doc in found}


def record(page) -> None:
    """Keep the numbers a just-published page cites (its `cited_numbers()`), replacing the
    previous ones. Called on publish, from whichever process publishes."""
    from core.models import Citation

    keys = set(page.cited_numbers())
    Citation.objects.filter(page=page).exclude(number_key__in=keys).delete()
    existing = set(Citation.objects.filter(page=page).values_list("number_key", flat=True))
    Citation.objects.bulk_create([Citation(page=page, number_key=k) for k in sorted(keys - existing)])


def page_published(sender, instance, **kwargs) -> None:
    """wagtail's page_published: every page type that cites documents says so by having
    `cited_numbers` (articles, movements)."""
    if hasattr(instance, "cited_numbers"):
        record(instance)


def citing_page_ids(key: str) -> list[int]:
    from core.models import Citation

    return list(Citation.objects.filter(number_key=key).values_list("page_id", flat=True))


def link_numbers(html: str, *, exclude_key: str = "") -> str:
    """The body with each number of a document readers may open made a link to it, outside
    existing links and tags (relative URLs: a portable body makes them absolute with the rest).
    `exclude_key`: a document does not link to itself."""
    if not html or document_model() is None:
        return html
    parts = _TAG.split(html)
    keys = {number_key(m.group(1)) for i in range(0, len(parts), 2) for m in NUMBER_PATTERN.finditer(parts[i])}
    documents = documents_by_number(keys - {exclude_key})
    if not documents:
        return html

    def link(match):
        document = documents.get(number_key(match.group(1)))
        if document is None:
            return match.group(0)
        url = document.get_url()
        return f'<a class="doc-link" href="{escape(url)}" title="{escape(document.title)}">{match.group(0)}</a>'

    in_link = 0
    for i, part in enumerate(parts):
        if i % 2:  # a tag
            name = _TAG_NAME.match(part)
            if name and name.group(1).lower() == "a":
                in_link = 0 if part.startswith("</") else in_link + 1
        elif not in_link and part:
            parts[i] = NUMBER_PATTERN.sub(link, part)
    return "".join(parts)

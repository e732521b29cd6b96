"""Search answers cached like the site's pages: the rendered answer to one query (its words as
typed, its filters, its page, the host it was asked on) is kept under the content version (a
publish or an unpublish changes the key, core.cache) and the editors' promotions (PROMOTIONS,
bumped when one changes), for anonymous readers. The view still runs on a hit, so every search
is counted in the statistics (search.insights, in memory); the answer is not shareable by the
front proxy for the same reason."""

import hashlib

from core.cache import all_versions, bump, get_versioned, set_versioned, versions

CACHE_SECONDS = 600
PROMOTIONS = "search-promotions"


def _key(form: str, query, request) -> str:
    asked = (
        request.get_host(),
        query.text,
        query.kind,
        getattr(query.movement, "pk", None),
        getattr(query.locality, "pk", None),
        query.year,
        query.page,
        query.page_size,
    )
    digest = hashlib.sha256(repr(asked).encode()).hexdigest()
    return f"search:{form}:{all_versions()}:{versions().get(PROMOTIONS, '0')}:{digest}"


def answer(request, form: str, query, build):
    """(body, total) for `query`: from the cache, else from `build()`, which returns (body,
    total, keep); kept when `keep` (not a stand-in answer while Elasticsearch fails: it would
    outlive the outage) and the reader is anonymous. `form`: "html" or "json"."""
    key = None if request.user.is_authenticated else _key(form, query, request)
    found = get_versioned(key) if key else None
    if found is None:
        body, total, keep = build()
        found = (body, total)
        if key and keep:
            set_versioned(key, found, CACHE_SECONDS)
    return found


def promotions_changed(**kwargs) -> None:
    """post_save / post_delete of an editors' promoted result: answers show them."""
    bump(PROMOTIONS)

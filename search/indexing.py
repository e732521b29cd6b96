"""Keeping the search index true: a published, public article has exactly one entry; anything
else has none. Called from Wagtail's publish/unpublish/delete/move signals and by
`manage.py search_index rebuild`."""

from django.db import connection, transaction
from django.utils import timezone
from wagtail.models import Page

from core.kinds import all_kinds, kind_of
from core.text import fold
from search.models import SearchEntry, SearchEntryLocality, SearchEntryMovement
from search.words import indexed


def _fts_delete(page_ids):
    if connection.vendor == "sqlite" and page_ids:
        with connection.cursor() as cursor:
            cursor.executemany("DELETE FROM search_searchentry_fts WHERE rowid = %s", [(pk,) for pk in page_ids])


def remove_pages(page_ids) -> None:
    page_ids = list(page_ids)
    with transaction.atomic():
        _fts_delete(page_ids)
        SearchEntry.objects.filter(page_id__in=page_ids).delete()


def store_entries(items, batch_size: int = 500) -> int:
    """Write prepared entries, replacing any existing entry of the same pages: the one way an
    entry is written (index_page for one page, the search benchmark for many).

    items: iterable of (SearchEntry (unsaved, page_id set), movement page ids, locality ids),
    locality ids already mapped to the current unit. Bulk inserts, in one transaction, `batch_size`
    entries per statement round. Returns the number of entries written."""
    items = list(items)
    with transaction.atomic():
        for start in range(0, len(items), batch_size):
            batch = items[start : start + batch_size]
            page_ids = [entry.page_id for entry, _, _ in batch]
            _fts_delete(page_ids)
            SearchEntry.objects.filter(page_id__in=page_ids).delete()  # cascades to the link rows
            # The link rows first (foreign keys are checked at commit), so that PostgreSQL's
            # trigger writes each side-table row once, with its ids, instead of inserting it and
            # updating it per link row (dead rows: a side table three times its size).
            SearchEntryMovement.objects.bulk_create(
                SearchEntryMovement(entry_id=entry.page_id, movement_id=m)
                for entry, movement_ids, _ in batch
                for m in dict.fromkeys(movement_ids)
            )
            SearchEntryLocality.objects.bulk_create(
                SearchEntryLocality(entry_id=entry.page_id, locality_id=loc)
                for entry, _, locality_ids in batch
                for loc in dict.fromkeys(locality_ids)
            )
            SearchEntry.objects.bulk_create([entry for entry, _, _ in batch])
            if connection.vendor == "sqlite":
                with connection.cursor() as cursor:
                    cursor.executemany(
                        "INSERT INTO search_searchentry_fts (rowid, folded_title, folded_text) VALUES (%s, %s, %s)",
                        [(entry.page_id, entry.folded_title, entry.folded_text) for entry, _, _ in batch],
                    )
    return len(items)


def index_page(page) -> bool:
    """Add, update or remove one page's entry; True if the page is now searchable."""
    page = page.specific_deferred if type(page) is Page else page
    kind = kind_of(page)
    searchable = kind is not None and kind.model.objects.visible_to_readers().filter(pk=page.pk).exists()
    if not searchable:
        remove_pages([page.pk])
        return False
    page = kind.model.objects.get(pk=page.pk)  # the published version, fresh from the database
    lead, body = page.lead, page.body_text()
    extra = " ".join(word for word in page.search_extra_text() if word)
    entry = SearchEntry(
        page_id=page.pk,
        kind=kind.key,
        title=page.title,
        lead=lead,
        body=body,
        folded_title=fold(page.title),
        folded_text=fold(f"{lead} {body} {extra}"),
        whole_words=indexed(page.title, lead, body),
        published_at=page.published_at,
        year=timezone.localtime(page.published_at).year,
    )
    movement_ids = list(page.movements.values_list("pk", flat=True))
    locality_ids = {loc.successor_id or loc.pk for loc in page.localities.all()}
    store_entries([(entry, movement_ids, locality_ids)])
    return True


def index_subtree(page) -> list[int]:
    """A page and its descendants (after a move or a change of view restrictions)."""
    pages = list(page.get_descendants(inclusive=True).specific())
    for descendant in pages:
        index_page(descendant)
    return [p.pk for p in pages]


def rebuild(progress=None) -> int:
    """Index every article from scratch; returns the number of searchable pages."""
    remove_pages(SearchEntry.objects.values_list("page_id", flat=True))
    if connection.vendor == "sqlite":  # rows left behind by entries deleted outside this module
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM search_searchentry_fts")
    pages = [p for kind in all_kinds() for p in kind.model.objects.visible_to_readers()]
    count = 0
    for page in progress(pages) if progress else pages:
        count += index_page(page)
    return count

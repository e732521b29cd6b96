"""The Elasticsearch index, defined with the Elasticsearch DSL (elasticsearch.dsl).

Vietnamese analysis: text is NFC-normalised in Python before it is sent (Lucene's asciifolding
leaves decomposed input alone), then folded by `asciifolding`, which also maps đ → d. Every text
field has an `exact` sub-field that keeps the marks, so a query typed with accents ranks exact
matches first. Abbreviations and movement aliases are expanded at query time by a synonym
filter (synonyms need no re-indexing when they change)."""

from elasticsearch.dsl import Date, Document, Integer, Keyword, Text, analyzer, token_filter

from core.text import fold
from search.synonyms import ABBREVIATIONS

ALIAS = "guongsang-articles"


vi_fold = token_filter("vi_fold", type="asciifolding", preserve_original=False)
vi_exact = analyzer("vi_exact", tokenizer="standard", filter=["lowercase"])
vi_folded = analyzer("vi_folded", tokenizer="standard", filter=["lowercase", vi_fold])


def search_analyzer(synonyms: list[str]):
    """Folded like the index, plus synonyms (abbreviations and movement aliases)."""
    vi_synonyms = token_filter("vi_synonyms", type="synonym_graph", synonyms=synonyms, lenient=True)
    return analyzer("vi_folded_search", tokenizer="standard", filter=["lowercase", vi_fold, vi_synonyms])


def text_field(search_with, **kwargs):
    return Text(
        analyzer=vi_folded,
        search_analyzer=search_with,
        fields={"exact": Text(analyzer=vi_exact)},
        **kwargs,
    )


def movement_synonyms() -> list[str]:
    """One rule per movement with other names: outlets misquote them."""
    from movements.models import MovementPage

    rules = []
    for movement in MovementPage.objects.live().public():
        names = sorted({fold(n).replace(",", " ") for n in [movement.title, *movement.alias_list] if n})
        if len(names) > 1:
            rules.append(", ".join(names))
    return rules


def document_class(synonyms: list[str] | None = None):
    """The mapping; synonyms are part of the index settings, so they are read when it is built."""
    searching = search_analyzer(ABBREVIATIONS + (synonyms or []))

    class ArticleDocument(Document):
        kind = Keyword()
        title = text_field(searching)
        lead = text_field(searching)
        body = text_field(searching)
        extra = text_field(searching)
        # The folded syllables that stand as words of their own (SearchEntry.whole_words,
        # search.words): a search for one syllable ranks "người tốt" above "tốt nghiệp". Only
        # whether a word is there counts (no lengths, no frequencies).
        whole_words = Text(analyzer="whitespace", norms=False, index_options="docs")
        published_at = Date(default_timezone="Asia/Ho_Chi_Minh")
        year = Integer()
        movements = Keyword()
        localities = Keyword()

        class Index:
            name = ALIAS
            settings = {"number_of_shards": 1, "number_of_replicas": 0}

    return ArticleDocument


def document_for(entry) -> dict:
    """The indexed form of a SearchEntry (the database index is the source of truth)."""
    return {
        "_id": entry.page_id,
        "kind": entry.kind,
        "title": entry.title,
        "lead": entry.lead,
        "body": entry.body,
        "extra": entry.folded_text,
        "whole_words": entry.whole_words,
        "published_at": entry.published_at.isoformat(),
        "year": entry.year,
        "movements": [m.movement.slug for m in entry.movements.all()],
        "localities": [loc.locality.slug for loc in entry.localities.all()],
    }


def rebuild(es, entries, progress=None) -> str:
    """Build a new index beside the live one, fill it, then move the alias in one atomic step
    and drop the old index: searches never hit an empty or half-built index."""
    from datetime import datetime

    from elasticsearch.helpers import bulk

    name = f"{ALIAS}-{datetime.now():%Y%m%d%H%M%S%f}"
    index = document_class(movement_synonyms())._index.clone(name=name)
    index.create(using=es)
    actions = ({"_index": name, **document_for(entry)} for entry in (progress(entries) if progress else entries))
    bulk(es, actions, chunk_size=500)
    es.indices.refresh(index=name)
    previous = list(es.indices.get_alias(name=ALIAS).keys()) if es.indices.exists_alias(name=ALIAS) else []
    es.indices.update_aliases(
        actions=[{"add": {"index": name, "alias": ALIAS}}]
        + [{"remove": {"index": old, "alias": ALIAS}} for old in previous]
    )
    for old in previous:
        es.indices.delete(index=old)
    return name


def count(es) -> int:
    return es.count(index=ALIAS)["count"]


def update(es, page_id) -> None:
    """Bring one article's document in line with the database index (write or delete)."""
    from search.models import SearchEntry

    entry = (
        SearchEntry.objects.filter(page_id=page_id)
        .prefetch_related("movements__movement", "localities__locality")
        .first()
    )
    if entry is None:
        es.options(ignore_status=404).delete(index=ALIAS, id=page_id)
    else:
        document = document_for(entry)
        es.index(index=ALIAS, id=document.pop("_id"), document=document)

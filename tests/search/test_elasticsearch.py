"""The Elasticsearch engine without a server here: snapshot tests of the index definition and
query body, and the real client talking to a loopback server that speaks the protocol
(transport, response parsing, highlights, facets, fallback, the alias swap)."""

import io
import json
import os
from pathlib import Path

import pytest
from django.core.management import call_command
from django.http import QueryDict

from search.es_engine import build_search
from search.es_index import ALIAS, document_class
from search.models import SearchEntry
from search.query import SearchQuery
from tests.deployment.harness import eventually
from tests.search.fake_elasticsearch import FakeElasticsearch

SNAPSHOTS = Path(__file__).parent / "snapshots"


def assert_snapshot(name, data):
    """Compare with the committed snapshot; UPDATE_SNAPSHOTS=1 rewrites it after a deliberate change."""
    path = SNAPSHOTS / name
    text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    if os.environ.get("UPDATE_SNAPSHOTS") == "1":
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"no snapshot {name}: run with UPDATE_SNAPSHOTS=1 and review it"
    assert json.loads(path.read_text(encoding="utf-8")) == json.loads(text), (
        f"{name} changed: review, then UPDATE_SNAPSHOTS=1"
    )


def test_index_definition_snapshot():
    definition = document_class(["xoa nha tam, xoa nha tam nha dot nat"])._index.to_dict()
    assert_snapshot("es_index.json", definition)
    analysis = definition["settings"]["analysis"]
    assert analysis["filter"]["vi_fold"]["type"] == "asciifolding"  # folds marks and đ
    assert "ubnd, uy ban nhan dan" in analysis["filter"]["vi_synonyms"]["synonyms"]
    assert definition["mappings"]["properties"]["title"]["fields"]["exact"]["analyzer"] == "vi_exact"


def test_query_body_snapshot(db):
    query = SearchQuery.from_params(QueryDict('q=Người tốt "việc tốt"&kind=story&year=2025&page=2'))
    body = build_search(query).to_dict()
    assert_snapshot("es_query.json", body)
    assert body["from"] == 10 and body["post_filter"]["bool"]["filter"][0] == {"term": {"kind": "story"}}
    assert body["aggs"]["kind"]["filter"] == {"bool": {"filter": [{"term": {"year": 2025}}]}}


@pytest.fixture
def fake_es(settings):
    with FakeElasticsearch() as fake:
        settings.ELASTICSEARCH_URL = fake.url
        yield fake


def canned_response(entries):
    return {
        "took": 3,
        "timed_out": False,
        "_shards": {"total": 1, "successful": 1, "skipped": 0, "failed": 0},
        "hits": {
            "total": {"value": 42, "relation": "eq"},
            "max_score": 3.0,
            "hits": [
                {
                    "_index": f"{ALIAS}-1",
                    "_id": str(e.page_id),
                    "_score": 3.0,
                    "_source": {"kind": e.kind, "title": e.title},
                    "highlight": {"body": [f"… <mark>{e.title.split()[0]}</mark> …"]},
                }
                for e in entries
            ],
        },
        "aggregations": {
            "kind": {
                "doc_count": 42,
                "values": {"buckets": [{"key": "story", "doc_count": 30}, {"key": "news", "doc_count": 12}]},
            },
            "movement": {"doc_count": 42, "values": {"buckets": []}},
            "locality": {"doc_count": 42, "values": {"buckets": [{"key": "gia-lai", "doc_count": 2}]}},
            "year": {"doc_count": 42, "values": {"buckets": [{"key": 2025, "doc_count": 7}]}},
        },
    }


def test_results_highlights_and_facets_come_from_elasticsearch(client, db, fake_es):
    entries = list(SearchEntry.objects.order_by("page_id")[:2])
    fake_es.search_response = canned_response(entries)
    data = client.get("/api/search/", {"q": "nguoi tot", "page_size": "5"}).json()
    assert data["engine"] == "elasticsearch" and data["total"] == 42
    assert [r["id"] for r in data["results"]] == [e.page_id for e in entries]
    assert data["results"][0]["highlight"].startswith("… <mark>")
    assert {"value": "gia-lai", "label": "Gia Lai", "count": 2} in data["facets"]["locality"]
    assert {"value": "story", "label": "Gương sáng", "count": 30} in data["facets"]["kind"]
    ((_method, path, body),) = [r for r in fake_es.requests if r[1].endswith("_search")]
    assert path == f"/{ALIAS}/_search" and body["size"] == 5


def test_a_hit_that_is_no_longer_published_is_dropped(client, db, fake_es):
    entry = SearchEntry.objects.first()
    fake_es.search_response = canned_response([entry])
    entry.delete()  # e.g. unpublished after Elasticsearch indexed it
    data = client.get("/api/search/", {"q": "nguoi tot"}).json()
    assert data["results"] == []


@pytest.mark.parametrize("status", [500, 503, 400])
def test_errors_fall_back_to_the_database_and_are_logged(client, db, fake_es, caplog, status):
    fake_es.search_status, fake_es.search_response = status, {"error": {"type": "boom"}, "status": status}
    data = client.get("/api/search/", {"q": "thi dua"}).json()
    assert data["engine"] == "database" and data["total"] > 0
    assert "is unavailable" in caplog.text and "Elasticsearch" in caplog.text


def test_while_elasticsearch_fails_it_is_not_asked_and_logged_once(client, db, fake_es, caplog, settings):
    fake_es.search_status, fake_es.search_response = 503, {"error": {"type": "boom"}, "status": 503}
    for _ in range(5):
        assert client.get("/api/search/", {"q": "thi dua"}).json()["engine"] == "database"
    searches = [r for r in fake_es.requests if r[1].endswith("_search")]
    assert len(searches) == 1  # the breaker answered the other four from the database at once
    assert caplog.text.count("is unavailable") == 1 and "Traceback" not in caplog.text

    from search.es_engine import breaker

    fake_es.search_status, fake_es.search_response = 200, canned_response(list(SearchEntry.objects.all()[:2]))
    breaker()._next_try = 0  # the retry time has come: the next search starts a probe, and does
    assert client.get("/api/search/", {"q": "thi dua"}).json()["engine"] == "database"  # not wait for it
    back, _ = eventually(lambda: not breaker().is_down, seconds=5, every=0.05)
    assert back and ("GET", "/", None) in fake_es.requests  # the probe asked the server's info
    assert client.get("/api/search/", {"q": "thi dua"}).json()["engine"] == "elasticsearch"
    assert "is back" in caplog.text


def test_unreachable_server_falls_back(client, db, settings):
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"  # nothing listens on the discard port
    response = client.get("/search/", {"q": "thi dua"})
    assert response.status_code == 200 and "kết quả cho" in response.content.decode()
    assert client.get("/api/search/", {"q": "thi dua"}).json()["engine"] == "database"


def test_rebuild_fills_a_new_index_and_swaps_the_alias(db, fake_es):
    call_command("search_index", "rebuild", stdout=io.StringIO())
    first = list(fake_es.aliases[ALIAS])
    call_command("search_index", "rebuild", stdout=io.StringIO())
    second = fake_es.aliases[ALIAS]
    assert len(first) == len(second) == 1 and first != second  # moved in one step
    assert fake_es.documents[second[0]] == SearchEntry.objects.count()
    assert ("DELETE", f"/{first[0]}", None) in fake_es.requests  # the old index is dropped
    created = [body for method, path, body in fake_es.requests if method == "PUT" and path == f"/{second[0]}"]
    assert created[0]["settings"]["analysis"]["analyzer"]["vi_folded"]["filter"] == ["lowercase", "vi_fold"]
    out = io.StringIO()
    call_command("search_index", "status", stdout=out)
    assert f"Elasticsearch: {SearchEntry.objects.count()} / {SearchEntry.objects.count()}" in out.getvalue()


def test_publish_and_unpublish_are_mirrored_to_elasticsearch(db, fake_es):
    from tests.factories import make_story

    story = make_story(title="Người thợ lặn cứu hộ trên sông Hồng")
    written = [(m, p) for m, p, _ in fake_es.requests if p.endswith(f"/_doc/{story.pk}")]
    assert written and written[-1][0] in ("PUT", "POST")
    body = [b for m, p, b in fake_es.requests if p.endswith(f"/_doc/{story.pk}")][-1]
    assert body["title"] == story.title and body["kind"] == "story"
    story.unpublish()
    assert ("DELETE", f"/{ALIAS}/_doc/{story.pk}", None) in fake_es.requests


def test_publishing_still_works_when_elasticsearch_is_down(db, settings, caplog):
    from tests.factories import make_story

    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"
    story = make_story(title="Cô giáo cắm bản giữa mùa lũ")
    assert story.live and SearchEntry.objects.filter(page=story).exists()
    assert "Elasticsearch update failed" in caplog.text

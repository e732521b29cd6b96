"""/health/ for load balancers and monitoring: JSON naming the database, the cache, the search
engine and the queue; 200 when all is well, 503 otherwise."""

from datetime import timedelta

from django.utils import timezone

from feeds.models import PendingPing


def test_all_well(client, db):
    response = client.get("/health/")
    assert response.status_code == 200 and response["Cache-Control"].startswith("max-age=0")
    data = response.json()
    assert data["status"] == "ok"
    assert {name: data[name]["status"] for name in ("database", "cache", "search", "queue")} == dict.fromkeys(
        ("database", "cache", "search", "queue"), "ok"
    )
    assert data["search"]["engine"] == "database" and data["queue"]["waiting"] == 0


def test_work_stuck_in_the_queue_is_an_error(client, db):
    PendingPing.objects.create(topic="http://x/feeds/all.rss", next_attempt_at=timezone.now() - timedelta(hours=1))
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["queue"] == {"status": "error", "waiting": 1, "overdue": 1}


def test_a_dead_elasticsearch_is_reported_and_the_database_still_answers(client, db, settings):
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"  # nothing listens there
    response = client.get("/health/")
    assert response.status_code == 503
    search = response.json()["search"]
    assert search["status"] == "error" and search["fallback"] == "database"
    assert client.get("/api/search/", {"q": "thi dua"}).json()["engine"] == "database"


def test_liveness_checks_nothing(client, django_assert_num_queries, db):
    with django_assert_num_queries(0):
        response = client.get("/health/live/")
    assert response.status_code == 200 and response.content == b"ok"

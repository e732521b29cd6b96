"""The content version every process reads (core.cache): a change is visible to other
connections exactly when it commits, never before, and a rolled-back change is forgotten."""

import threading

import pytest
from django.db import connection, transaction

from core import cache


@pytest.fixture(autouse=True)
def read_afresh():
    cache.forget()  # what an earlier test left in this process's memory


def in_another_thread(function):
    """What another web worker's thread (its own database connection) reads."""
    box = {}

    def run():
        try:
            cache.forget()  # it would read afresh once its second has passed
            box["value"] = function()
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(10)
    return box["value"]


def test_a_change_is_seen_by_others_only_once_committed(db, django_capture_on_commit_callbacks):
    before = cache.content_version()
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        cache.bump_content_version()
        mine = cache.content_version()
        assert mine != before  # the changing request sees its change
        # Others keep the committed one. (Not askable on the test's in-memory SQLite, where a
        # reader waits for the writer; tests/deployment shows it with real processes.)
        if connection.vendor != "sqlite":
            assert in_another_thread(cache.content_version) == before
    assert cache.content_version() == mine  # after the commit, read afresh


def test_a_rolled_back_change_is_forgotten(db):
    before = cache.content_version()
    with pytest.raises(RuntimeError), transaction.atomic():
        cache.bump_content_version()
        assert cache.content_version() != before
        raise RuntimeError("the publish failed")
    assert cache.content_version() == before


def test_a_process_reads_the_version_at_most_once_per_check_interval(db, settings, django_assert_num_queries):
    settings.CONTENT_VERSION_CHECK_SECONDS = 60
    cache.forget()
    with django_assert_num_queries(1):
        for _ in range(100):
            cache.content_version()


def test_assets_changes_bump_their_own_version(db):
    from core.models import Locality

    tokens = dict(cache.versions())
    locality = Locality.objects.get(slug="binh-dinh")
    locality.aliases = "Bình Định cũ"
    locality.save()
    after = cache.versions()
    assert after[cache.ASSETS] != tokens[cache.ASSETS] and after[cache.CONTENT] == tokens[cache.CONTENT]

import io

import pytest
from django.core.management import call_command

from tests.demo_renditions import demo_builder, fast_demo_renditions


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every database test starts from the demo site, loaded once per run; each test's
    own changes are rolled back after it."""
    with django_db_blocker.unblock(), fast_demo_renditions():
        # Tasks run inline in tests, so the demo images' renditions (core.renditions) are made
        # here, once per run, as the worker would make them after an import: by Wagtail, with
        # the encoded pixels taken from the rendition cache (tests/demo_renditions.py) when there.
        call_command("load_demo", stdout=io.StringIO(), stderr=io.StringIO())


def pytest_sessionstart(session):
    if not session.config.option.collectonly:
        demo_builder.start()


def pytest_collection_finish(session):
    """No test of this run loads the demo in this process (only tests/deployment, say): the
    helper stops (what it encoded stays in the cache)."""
    if not any(
        "django_db_setup" in getattr(item, "fixturenames", ()) or item.get_closest_marker("django_db")
        for item in session.items
    ):
        demo_builder.stop()


def pytest_sessionfinish(session):
    demo_builder.stop()


@pytest.fixture
def sections(db):
    from documents.models import DocumentIndexPage
    from exemplars.models import StoryIndexPage
    from movements.models import MovementIndexPage
    from news.models import NewsIndexPage

    return {
        "story": StoryIndexPage.objects.get(),
        "news": NewsIndexPage.objects.get(),
        "movement": MovementIndexPage.objects.get(),
        "document": DocumentIndexPage.objects.get(),
    }


@pytest.fixture(autouse=True)
def fresh_cache():
    """Each test's database changes are rolled back, so nothing cached may outlive it."""
    from django.core.cache import caches
    from django.core.cache.backends.db import DatabaseCache

    # The database cache's rows are rolled back with the test (and need the database).
    used = [caches[alias] for alias in caches if not isinstance(caches[alias], DatabaseCache)]
    for cache in used:
        cache.clear()
    yield
    for cache in used:
        cache.clear()


@pytest.fixture(autouse=True)
def no_counts_from_other_tests():
    """Read counts and search statistics wait in this process's memory (core.tally) until a
    flush: what one test counted must not be written by the next."""
    from core import readership
    from search import insights

    readership.discard_pending()
    insights.discard_pending()
    yield
    readership.discard_pending()
    insights.discard_pending()


@pytest.fixture(autouse=True)
def services_presumed_up():
    """A test that took a service down must not leave its breaker open for the next one."""
    from core.resilience import reset_breakers

    reset_breakers()
    yield
    reset_breakers()


def pytest_collection_modifyitems(items):
    """Browser tests last: Playwright's session-long browser keeps an event loop in the main
    thread, and Django refuses database work from a thread with a running loop."""
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)

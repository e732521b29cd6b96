import io

import pytest
from django.core.management import call_command
from django.test import Client
from wagtail.models import Page


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every database test starts from the demo site, loaded once per run; each test's
    own changes are rolled back after it."""
    with django_db_blocker.unblock():
        call_command("load_demo", stdout=io.StringIO(), stderr=io.StringIO())
        # View every page once so image renditions (AVIF is slow to encode) are made
        # once per run instead of once per test.
        client = Client()
        for page in Page.objects.live().filter(depth__gt=1).specific():
            client.get(page.url)


@pytest.fixture
def sections(db):
    from exemplars.models import StoryIndexPage
    from movements.models import MovementIndexPage
    from news.models import NewsIndexPage

    return {
        "story": StoryIndexPage.objects.get(),
        "news": NewsIndexPage.objects.get(),
        "movement": MovementIndexPage.objects.get(),
    }


@pytest.fixture(autouse=True)
def fresh_cache():
    """Each test's database changes are rolled back, so nothing cached may outlive it."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def pytest_collection_modifyitems(items):
    """Browser tests last: Playwright's session-long browser keeps an event loop in the main
    thread, and Django refuses database work from a thread with a running loop."""
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)

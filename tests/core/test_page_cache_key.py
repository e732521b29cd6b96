"""The page cache keys on what changes the page: a tracker or a random parameter is served the
cached page (it can neither bypass the cache nor fill it), a filter is not."""

from exemplars.models import StoryPage


def test_unknown_parameters_are_served_the_cached_page(client, db):
    story = StoryPage.objects.live().public().first()
    assert story.title in client.get(story.url + "?utm_source=zalo").content.decode()
    # Changed behind the cache's back (no signal, no version change): only a new key would show it.
    StoryPage.objects.filter(pk=story.pk).update(title="Tiêu đề chỉ có trong cơ sở dữ liệu")
    for query in ["", "?fbclid=abc", "?r=8f3a9c", "?utm_source=a&utm_medium=b&x=1"]:
        html = client.get(story.url + query).content.decode()
        assert story.title in html and "Tiêu đề chỉ có trong" not in html, query


def test_the_parameters_a_page_reads_are_part_of_its_key(client, db):
    years = {}
    for year in (2024, 2025):
        html = client.get(f"/guong-sang/?year={year}&utm_campaign=x").content.decode()
        years[year] = html
    assert years[2024] != years[2025]
    # Same parameters in another order: the same entry.
    first = client.get("/guong-sang/?year=2025&page=1").content
    assert client.get("/guong-sang/?page=1&year=2025&gclid=z").content == first


def test_a_new_day_in_vietnam_is_a_new_page(client, db):
    """Pages that say what happened on this day ("Ngày này năm xưa") turn over at midnight,
    Vietnam time, in every process."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    import time_machine

    story = StoryPage.objects.live().public().first()
    vietnam = ZoneInfo("Asia/Ho_Chi_Minh")
    with time_machine.travel(datetime(2026, 12, 7, 23, 58, tzinfo=vietnam), tick=False):
        assert story.title in client.get(story.url).content.decode()
    StoryPage.objects.filter(pk=story.pk).update(title="Tiêu đề chỉ có trong cơ sở dữ liệu")  # behind the cache
    with time_machine.travel(datetime(2026, 12, 7, 23, 59, tzinfo=vietnam), tick=False):
        assert story.title in client.get(story.url).content.decode()  # the same day: the cached page
    with time_machine.travel(datetime(2026, 12, 8, 0, 0, 1, tzinfo=vietnam), tick=False):
        assert "Tiêu đề chỉ có trong" in client.get(story.url).content.decode()

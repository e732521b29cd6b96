"""No input gives a 5xx: integer parameters are ASCII digits within bounds, control characters
get a 400 with a Vietnamese message, and a property-based fuzz over every parameter of
/api/openapi.json and of the HTML pages finds no 5xx (a fixed, derandomised budget of 400
requests; FUZZ_EXAMPLES=10000 for a longer run by hand)."""

import os
import string
from urllib.parse import quote

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.http import parse_int
from core.models import ArticleTag
from exemplars.models import StoryPage

# Unicode digits that str.isdigit() accepts and int() refuses, or turns into a number nobody typed.
UNICODE_DIGITS = ["²", "①", "١٢", "𝟙", "¹⁰", "٣", "Ⅻ", "0x10", "1e3", "+3", "-1", "9" * 40]
SECTION_PAGES = ["/guong-sang/", "/tin-phong-trao/"]
INTEGER_PARAMETERS = {
    "/guong-sang/": ["year", "page"],
    "/tin-phong-trao/": ["year", "page"],
    "/search/": ["year", "page"],
    "/api/search/": ["year", "page", "page_size"],
    "/api/ninjs/": ["page", "page_size"],
}


def test_parse_int_takes_ascii_digits_within_bounds_only():
    assert parse_int("2024", 1900, 2100) == 2024
    assert parse_int(" 7 ", 1, 10) == 7
    for raw in [*UNICODE_DIGITS, "", None, "1.5", "abc", "11"]:
        assert parse_int(raw, 1, 10) is None, raw


@pytest.mark.parametrize("path", list(INTEGER_PARAMETERS))
@pytest.mark.parametrize("raw", UNICODE_DIGITS)
def test_unicode_digits_are_a_clear_answer_not_a_500(client, db, path, raw):
    for name in INTEGER_PARAMETERS[path]:
        response = client.get(path, {"q": "thi đua", name: raw})
        if path.startswith("/api/"):
            assert response.status_code == 400, (path, name, raw)
            assert name in response.json()["error"]
        else:
            assert response.status_code == 200, (path, name, raw)
        if name == "year" and not path.startswith("/api/"):
            assert "Năm không hợp lệ" in response.content.decode() or path == "/search/"


CONTROL_URLS = [
    "/?x=a%00b",
    "/guong-sang/?locality=%00",
    "/guong-sang/?movement=a%00",
    "/tin-phong-trao/?year=%0020",
    "/search/?q=a%00b",
    "/search/?locality=%1f",
    "/api/search/?q=a%00b",
    "/api/search/autocomplete/?q=%00",
    "/api/ninjs/?since=%00",
    "/feeds/all.rss?x=%07",
    "/guong-sang/%00/",
    "/api/ninjs/%00/",
    "/sitemap.xml?p=%7f",
]


@pytest.mark.parametrize("url", CONTROL_URLS)
def test_control_characters_get_a_400_that_says_why(client, db, url):
    response = client.get(url)
    assert response.status_code == 400, url
    body = response.json()["error"] if url.startswith("/api/") else response.content.decode()
    assert "ký tự điều khiển" in body
    if not url.startswith("/api/"):
        assert "Về trang chủ" in body  # the site's own page, in Vietnamese


def test_tabs_and_newlines_in_a_search_still_search(client, db):
    assert client.get("/search/", {"q": "thi\tđua\nyêu nước"}).status_code == 200


# --- property-based fuzz ------------------------------------------------------------------
HOSTILE_TEXT = st.one_of(
    st.sampled_from(
        UNICODE_DIGITS
        + [
            "",
            "0",
            "1",
            "-0",
            "00000000000000000001",
            "2024-13-45",
            "1970-01-01T00:00:00Z",
            "'; DROP TABLE x; --",
            "%",
            "_",
            "*",
            "\\",
            "../../etc/passwd",
            "😀",
            "ǅ",
        ]
    ),
    st.integers(min_value=-(10**25), max_value=10**25).map(str),
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=40),
    st.text(alphabet=string.printable, max_size=400),
)


def _openapi_operations(client) -> list[tuple[str, list[str]]]:
    spec = client.get("/api/openapi.json").json()
    operations = []
    for path, methods in spec["paths"].items():
        for operation in methods.values():
            names = [p["name"] for p in operation.get("parameters", []) if p["in"] == "query"]
            operations.append((path, names))
    return operations


HTML_PAGES = {
    path: ["q", "movement", "locality", "year", "page", "kind", "utm_source"]
    for path in ["/", "/guong-sang/", "/tin-phong-trao/", "/phong-trao/", "/search/"]
}
FEEDS = {
    path: ["page", "since", "key"]
    for path in [
        "/feeds/all.rss",
        "/feeds/all.atom",
        "/feeds/all.json",
        "/api/ninjs/",
        "/sitemap.xml",
        "/sitemap-news.xml",
    ]
}
FEEDS["/api/ninjs/"] += ["cursor", "version", "page_size"]  # the agencies' walk (issue 14)


@pytest.mark.django_db
def test_fuzzing_every_parameter_finds_no_5xx(django_db_blocker):
    client = Client(raise_request_exception=False)
    targets = {**HTML_PAGES, **FEEDS}
    story = StoryPage.objects.live().public().first()
    topic = ArticleTag.objects.select_related("tag").first().tag  # a topic page and its feed (issue 13)
    targets[f"/chu-de/{topic.slug}/"] = ["page", "utm_source"]
    targets[f"/feeds/topics/{topic.slug}.rss"] = ["page", "since", "key"]
    targets[f"/api/ninjs/{story.pk}/"] = ["version", "key"]
    for path, names in _openapi_operations(client):
        if "{" in path:  # path parameters: a real id, a huge one and junk
            for value in (story.pk, 10**30, "²", "%00"):
                response = client.get(path.replace(path[path.index("{") : path.index("}") + 1], quote(str(value))))
                assert response.status_code < 500, (path, value)
            path = path[: path.index("{")]
        targets.setdefault(path, []).extend(names)
    assert "/api/search/" in targets and "/api/ninjs/" in targets, "the OpenAPI spec lost its search or ninjs API"
    sent = []
    budget = int(os.environ.get("FUZZ_EXAMPLES", "400"))  # a fixed budget in CI; more by hand

    @settings(
        max_examples=budget,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )
    @given(target=st.sampled_from(sorted(targets)), data=st.data())
    def request_is_answered(target, data):
        names = targets[target]
        chosen = data.draw(st.lists(st.sampled_from(names), min_size=1, max_size=3)) if names else []
        query = {name: data.draw(HOSTILE_TEXT) for name in chosen}
        response = client.get(target, query)
        sent.append(target)
        assert response.status_code < 500, (target, query, response.status_code)

    request_is_answered()
    print(f"fuzz: {len(sent)} requests over {len(targets)} URLs, no 5xx")
    assert len(sent) >= budget

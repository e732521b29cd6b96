"""A new reader on a phone (issue 13), in real Chromium against `runserver` with the demo:
the first screen is content, nothing scrolls sideways, the filters wait behind "Lọc", the
reading tools work and are remembered, topics and the footer lead somewhere, and axe-core
finds no serious or critical barrier on any page type."""

import re
import sqlite3

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

WIDTHS = (320, 360, 390, 1280)
PHONE_HEIGHT = 844


@pytest.fixture(scope="module")
def urls(site):
    """One address of every public page type of the demo site."""
    db = sqlite3.connect(site.database)

    def path_of(model):
        (url_path,) = db.execute(
            "SELECT p.url_path FROM wagtailcore_page p JOIN django_content_type t ON t.id = p.content_type_id"
            " WHERE t.model = ? AND p.live = 1 ORDER BY p.path LIMIT 1",
            (model,),
        ).fetchone()
        return "/" + url_path.split("/", 2)[2]  # without the home page's own segment

    story = path_of("storypage")
    (page_id,) = db.execute("SELECT id FROM wagtailcore_page WHERE url_path LIKE ?", ("%" + story,)).fetchone()
    (topic,) = db.execute(
        "SELECT t.slug FROM taggit_tag t JOIN core_articletag a ON a.tag_id = t.id WHERE a.content_object_id = ?",
        (page_id,),
    ).fetchone()
    (profile,) = db.execute(
        "SELECT e.slug FROM exemplars_exemplar e JOIN exemplars_storypage s ON s.exemplar_id = e.id"
        " JOIN wagtailcore_page p ON p.id = s.page_ptr_id WHERE p.live = 1 AND e.merged_into_id IS NULL"
        " ORDER BY e.slug LIMIT 1"
    ).fetchone()
    return {
        "home": "/",
        "story index": path_of("storyindexpage"),
        "story": story,
        "print": story + "in/",
        "news index": path_of("newsindexpage"),
        "news": path_of("newspage"),
        "movement index": path_of("movementindexpage"),
        "movement": path_of("movementpage"),
        "document index": path_of("documentindexpage"),
        "document": path_of("documentpage"),
        "exemplar's profile": f"/ho-so/{profile}/",
        "map": "/ban-do/",
        "topic": f"/chu-de/{topic}/",
        "search": "/search/?q=nguoi+tot",
        "search, nothing found": "/search/?q=khongcogi",
        "comment form": f"/y-kien/{page_id}/",
        "nomination form": "/gioi-thieu-guong/",
        "newsletter": "/ban-tin/",
        "partners' feeds": "/feeds/",
        "site map": "/so-do-trang/",
        "accessibility statement": "/tuyen-bo-ho-tro-tiep-can/",
        "not found": "/khong-co-trang-nay/",
    }


def _context(browser, width, **kwargs):
    phone = width < 1000
    return browser.new_context(
        viewport={"width": width, "height": PHONE_HEIGHT if phone else 900},
        is_mobile=phone,
        has_touch=phone,
        locale="vi-VN",
        **kwargs,
    )


def _every_page_type(browser, site_url, urls, widths):
    """(width, page type, URL, the page showing it) for every page type at every width."""
    for width in widths:
        context = _context(browser, width)
        page = context.new_page()
        page.set_default_navigation_timeout(60_000)
        for name, url in urls.items():
            page.goto(site_url + url)
            page.wait_for_load_state("load")
            yield width, name, url, page
        context.close()


def test_no_page_scrolls_sideways_and_the_first_screen_is_content(browser, site_url, urls):
    overflowing, tall_headers = [], []
    for width, name, url, page in _every_page_type(browser, site_url, urls, WIDTHS):
        extra = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        if extra > 0:
            overflowing.append(f"{name} ({url}) at {width} px: {extra} px")
        header = page.locator(".site-header")
        if name != "print" and width < 1000 and header.bounding_box()["height"] > 140:
            tall_headers.append(f"{name} at {width} px: {header.bounding_box()['height']:.0f} px")
    assert not overflowing, "pages scroll sideways:\n" + "\n".join(overflowing)
    assert not tall_headers, "the header takes the first screen:\n" + "\n".join(tall_headers)


@pytest.mark.parametrize("width", [320, 390])
def test_the_first_headline_and_the_first_result_are_on_the_first_screen(browser, site_url, width):
    context = _context(browser, width)
    page = context.new_page()
    page.goto(site_url + "/")
    # One search field: the header's; the compact header holds the brand and a menu button.
    expect(page.locator("input[type=search]")).to_have_count(1)
    headline = page.locator("main .card__title").first
    assert headline.bounding_box()["y"] + 24 < PHONE_HEIGHT
    page.goto(site_url + "/search/?q=nguoi+tot")
    first = page.locator(".search-hit").first
    assert first.bounding_box()["y"] < PHONE_HEIGHT / 2, "results must come before the filters on a phone"
    context.close()


def test_the_menu_button_opens_the_sections(phone, site_url):
    page = phone
    page.goto(site_url + "/")
    nav = page.locator("#site-nav")
    expect(nav).to_be_hidden()
    button = page.get_by_role("link", name="Chuyên mục")
    button.click()
    expect(button).to_have_attribute("aria-expanded", "true")
    expect(nav.get_by_role("link", name="Gương sáng")).to_be_visible()
    nav.get_by_role("link", name="Tin phong trào").click()
    page.wait_for_url("**/tin-phong-trao/")


def test_search_filters_open_from_loc_and_filter(phone, site_url):
    page = phone
    page.goto(site_url + "/search/?q=nguoi+tot")
    facets = page.locator("#loc-ket-qua")
    expect(facets).to_be_hidden()
    page.get_by_role("link", name="Lọc").click()
    expect(facets).to_be_visible()
    assert facets.bounding_box()["y"] < page.locator(".search-hit").first.bounding_box()["y"]
    facets.get_by_role("link", name=re.compile("Tin phong trào")).click()
    page.wait_for_url(re.compile(r"kind=news"))
    expect(page.locator(".search-hit .kicker").first).to_contain_text("Tin phong trào")
    expect(page.get_by_role("link", name="Lọc (đang lọc)")).to_be_visible()


def test_share_bar_top_and_bottom_and_text_size_remembered(browser, site_url, urls):
    context = _context(browser, 390)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url)
    page = context.new_page()
    page.goto(site_url + urls["story"])
    bars = page.locator(".share")
    expect(bars).to_have_count(2)
    header_bottom = page.locator(".article__header").bounding_box()
    top = bars.first.bounding_box()
    assert top["y"] + top["height"] <= header_bottom["y"] + header_bottom["height"], "a share bar under the title"
    for bar in (bars.first, bars.last):
        expect(bar.get_by_role("button", name="Chia sẻ qua Zalo")).to_be_visible()
        expect(bar.get_by_role("link", name="Chia sẻ lên Facebook")).to_have_attribute(
            "href", re.compile(r"^https://www\.facebook\.com/sharer/sharer\.php\?u=http")
        )
    bars.first.get_by_role("button", name="Sao chép liên kết").click()
    expect(bars.first.locator(".share__status")).to_have_text("Đã sao chép liên kết.")
    assert page.evaluate("navigator.clipboard.readText()") == site_url + urls["story"]

    body = page.locator(".article__body")
    size = lambda: float(body.evaluate("el => parseFloat(getComputedStyle(el).fontSize)"))  # noqa: E731
    default = size()
    bigger = page.get_by_role("button", name="Tăng cỡ chữ")
    bigger.click()
    bigger.click()
    enlarged = size()
    assert enlarged >= default * 1.3
    page.reload()
    assert size() == enlarged, "the text size is remembered on the device"
    page.goto(site_url + urls["news"])
    assert float(page.locator(".article__body").evaluate("el => parseFloat(getComputedStyle(el).fontSize)")) == enlarged
    smaller = page.get_by_role("button", name="Giảm cỡ chữ")
    for _ in range(4):
        if smaller.is_enabled():
            smaller.click()
    expect(smaller).to_be_disabled()  # the smallest size reached
    context.close()


def test_tags_lead_to_topic_pages_and_the_footer_to_the_publisher_and_the_site_map(phone, site_url, urls):
    page = phone
    page.goto(site_url + urls["story"])
    tag = page.locator(".tags a").first
    name = tag.inner_text()
    tag.click()
    page.wait_for_url(re.compile(r"/chu-de/[a-z0-9-]+/$"))
    assert re.fullmatch(r"[a-z0-9-]+", page.url.rstrip("/").rsplit("/", 1)[1]), "an ASCII address"
    expect(page.get_by_role("heading", level=1)).to_have_text(name[:1].upper() + name[1:])
    expect(page.locator(f'main .card__title a[href="{urls["story"]}"]')).to_have_count(1)
    follow = page.locator(".follow")
    expect(follow.get_by_role("link", name="Luồng tin RSS")).to_have_attribute("href", re.compile(r"^/feeds/topics/"))
    expect(follow.get_by_role("link", name="Nhận bản tin qua thư")).to_be_visible()

    footer = page.locator(".site-footer")
    expect(footer).to_contain_text("Cơ quan chủ quản")
    expect(footer).to_contain_text("Chịu trách nhiệm nội dung")
    footer.get_by_role("link", name="Sơ đồ trang").click()
    page.wait_for_url("**/so-do-trang/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sơ đồ trang")
    assert page.request.get(site_url + "/favicon.ico").status == 200


def test_no_serious_or_critical_accessibility_violation_on_any_page_type(browser, site_url, urls):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    found = []
    for width, name, _, page in _every_page_type(browser, site_url, urls, (390, 1280)):
        for violation in axe.run(page).response["violations"]:
            if violation["impact"] in ("serious", "critical"):
                targets = [node["target"] for node in violation["nodes"]][:3]
                found.append(f"{name} at {width} px: {violation['id']} ({violation['impact']}): {targets}")
    assert not found, "axe-core:\n" + "\n".join(found)


@pytest.mark.parametrize("width", [390, 1280])
def test_comments_line_up_with_the_article_and_nothing_touches_the_footer(browser, site_url, urls, width):
    context = _context(browser, width)
    page = context.new_page()
    page.goto(site_url + urls["story"])
    article, comments = page.locator("article.article").bounding_box(), page.locator(".comments").bounding_box()
    assert abs(article["x"] - comments["x"]) <= 1 and abs(article["width"] - comments["width"]) <= 1
    for url in (urls["home"], urls["story"], urls["story index"], urls["topic"]):
        page.goto(site_url + url)
        gap = page.evaluate(
            """() => {
                const main = document.querySelector('main'), footer = document.querySelector('.site-footer');
                const last = [...main.querySelectorAll('*')].reduce((bottom, el) => {
                    const box = el.getBoundingClientRect();
                    return box.height ? Math.max(bottom, box.bottom) : bottom;
                }, 0);
                return footer.getBoundingClientRect().top - last;
            }"""
        )
        assert gap >= 24, f"{url} at {width} px: {gap:.0f} px above the footer"
    context.close()

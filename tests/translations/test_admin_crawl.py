"""Not one English word in the admin: log in as each newsroom role (and a superuser, and nobody
for the login screens), visit every admin screen that user may reach, and fail on any common
English word a person would see there.

Which screens: the sidebar menu's every URL (it is the role's own menu), the edit, history and
create forms of every page type and the list, create and edit forms of every snippet, the
choosers, then every admin link found on those screens, followed breadth first. A link whose
shape (its path with the numbers replaced) was already visited is not followed again, so the
crawl reaches every kind of screen once without walking the whole content. Real requests,
real permissions: what the role may not open (403, a redirect to the login or the dashboard)
is simply not reached.

What counts as seen (see `VisibleText`): text nodes outside <script> and <style> (the content
of <template> counts: Wagtail shows it as dialogs and dropdowns), the attributes a person sees
or hears (`title`, `placeholder`, `aria-label`, `alt`, the `value` of submit and button
inputs, the two `data-` values Wagtail shows as text: a tooltip and a button's "saving…" label)
and the `label`s of the JSON the sidebar is drawn from; a chooser answers with JSON carrying the
modal's HTML, which is read the same way. Other attribute values are not: class names, URLs,
ids and the rest of the `data-` configuration are machinery, full of English that nobody reads
("w-dropdown", "/admin/pages/search/"). A URL shown as text (an image's address) is not
words either.

test_admin_screens.py checks that the everyday screens show their Vietnamese labels; this one
that no screen shows English. test_django_strings.py covers what a crawl of GET requests cannot
reach (a wrong password, the password rules after a submit, relative times of every length)."""

import contextlib
import json
import re
import time
from collections import deque
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import NoReverseMatch, reverse
from wagtail.models import Page, get_page_models

from newsroom import roles
from tests.translations.test_admin_screens import json_labels

# Common English words of an admin; a hit fails the test. Matched as whole words, in any case
# (so "password" in a help text counts as much as "Password" on a label).
ENGLISH_WORDS = """
    second seconds minute minutes hour hours day days week weeks month months year years ago
    password passwords username email true false none yes no
    save delete edit add cancel search page pages settings reports history workflow workflows
    status title live draft choose select filter sort help dashboard users groups images
    documents snippets collections sites redirects publish unpublish preview revisions
    actions create update remove upload back next previous more view created updated
    owner locked unlocked submit approve reject comments required field this your you
    the and with link text subject body phone address name type date file image document user
    group site language enabled disabled welcome sign login logout account profile private
    public children child parent move copy usage used of for or not all any new
""".split()  # noqa: SIM905 (a list literal would be 150 lines)
ENGLISH = re.compile(r"(?<![\w-])(" + "|".join(ENGLISH_WORDS) + r")(?![\w-])", re.I)

SEEN_ATTRIBUTES = {
    "title",
    "placeholder",
    "aria-label",
    "alt",
    "data-w-tooltip-content-value",
    "data-w-progress-active-value",
}
# Not admin screens, or not HTML: the public page in preview, files, exports, logging out.
SKIP = re.compile(
    r"^/admin/(logout|jsi18n|sprite|bulk)/|/view_draft/|/preview/|/revisions/\d+/view/|"
    r"/documents/(?!.*/(edit|delete|usage|history)/)\d+/[^/]+$|/images/\d+/preview/|"
    r"/luot-doc/.*export|\.(csv|xlsx|json|js|css|png|jpg|svg)$"
)
MAX_SCREENS = 400  # per user: a bound, far above what the shapes need (see the counts printed)


class VisibleText(HTMLParser):
    """The text a person sees or hears on an admin page (the rules in the module docstring)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texts, self.links, self.skip, self.json = [], [], 0, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and attrs.get("type") == "application/json":
            self.json = []
        elif tag in ("script", "style"):
            self.skip += 1
        self.texts += [v for a, v in attrs.items() if a in SEEN_ATTRIBUTES and v]
        if tag == "input" and attrs.get("type") in ("submit", "button", "reset") and attrs.get("value"):
            self.texts.append(attrs["value"])
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])

    def handle_endtag(self, tag):
        if tag == "script" and self.json is not None:
            self.texts += list(json_labels(json.loads("".join(self.json) or "null")))
            self.json = None
        elif tag in ("script", "style"):
            self.skip = max(0, self.skip - 1)

    def handle_data(self, data):
        if self.json is not None:
            self.json.append(data)
        elif not self.skip and data.strip():
            self.texts.append(" ".join(data.split()))


def json_urls(html):
    """The URLs of the sidebar menu (drawn by JavaScript from JSON)."""
    out = []
    for blob in re.findall(r'<script[^>]*type="application/json"[^>]*>(.*?)</script>', html, re.S):
        try:
            value = json.loads(blob)
        except ValueError:
            continue
        stack = [value]
        while stack:
            item = stack.pop()
            if isinstance(item, dict):
                out += [v for k, v in item.items() if k == "url" and isinstance(v, str)]
                stack += list(item.values())
            elif isinstance(item, list):
                stack += item
    return out


def read(html):
    parser = VisibleText()
    parser.feed(html)
    return parser


URL = re.compile(r"\b(https?://|mailto:)\S+|(?<!\w)/[\w./?=&%-]*")
# A model's label as Wagtail's reports print it ("documents.documentpage"): a code name.
MODEL_LABEL = re.compile(r"(?<![\w.])[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*(?![\w.])")


def english_in(texts):
    """{text: [English words]} of the texts that have any. A URL or path shown as text (an
    image's address, a page's slug) is an address, not words; a model label is a code name."""
    out = {}
    for text in texts:
        words = sorted({m.lower() for m in ENGLISH.findall(MODEL_LABEL.sub(" ", URL.sub(" ", text)))})
        if words:
            out[text[:160]] = words
    return out


def shape(url):
    return re.sub(r"\d+", "N", urlsplit(url).path)


def seeds():
    """Screens a link may not lead to directly: every page type's edit and create forms, the
    explorer of every page with children, one page's history and workflow history (the same
    screens for every type), every snippet's list, create and edit forms, the choosers."""
    out = ["/admin/", "/admin/pages/", "/admin/account/"]
    for model in get_page_models():
        if model is Page:
            continue
        page = model.objects.order_by("pk").first()
        if page is not None:
            out.append(f"/admin/pages/{page.pk}/edit/")
            if page.get_children().exists():
                out.append(f"/admin/pages/{page.pk}/")
            if not any(url.endswith("/history/") for url in out):
                out += [f"/admin/pages/{page.pk}/history/", f"/admin/pages/{page.pk}/workflow_history/"]
        for parent_model in model.allowed_parent_page_models():
            parent = parent_model.objects.order_by("pk").first() if parent_model is not Page else None
            if parent is not None:
                out.append(f"/admin/pages/add/{model._meta.app_label}/{model._meta.model_name}/{parent.pk}/")
                break
    from wagtail.snippets.models import get_snippet_models

    for model in get_snippet_models():
        viewset = model.snippet_viewset
        for name in ("list", "add"):
            with contextlib.suppress(NoReverseMatch):  # a snippet without that view
                out.append(reverse(viewset.get_url_name(name)))
        instance = model.objects.order_by("pk").first()
        if instance is not None:
            out.append(reverse(viewset.get_url_name("edit"), args=[instance.pk]))
        chooser = getattr(viewset, "chooser_viewset", None)
        if chooser is not None:
            out.append(reverse(chooser.get_url_name("choose")))
    out += [
        reverse("wagtailadmin_choose_page"),
        reverse("wagtailimages_chooser:choose"),
        reverse("wagtaildocs_chooser:choose"),
        reverse("wagtailadmin_choose_page_external_link"),
        reverse("wagtailadmin_choose_page_email_link"),
        reverse("wagtailadmin_choose_page_phone_link"),
        reverse("wagtailadmin_choose_page_anchor_link"),
    ]
    return out


def crawl(client, start):
    """{url: {text: [English words]}}, and the screens read."""
    queue, queued, shapes, found, visited = deque(start), set(start), set(), {}, []
    while queue and len(visited) < MAX_SCREENS:
        url = queue.popleft()
        response = client.get(url)
        if response.status_code in (301, 302):
            target = urlsplit(urljoin(url, response["Location"]))
            if target.path.startswith("/admin/") and target.path not in queued:
                queued.add(target.path)
                queue.append(target.path + (f"?{target.query}" if "login" not in target.path else ""))
            continue
        if response.status_code != 200:
            continue
        if response.get("Content-Type", "").startswith("application/json"):
            # a chooser: Wagtail's modal asks for JSON and shows the HTML it carries
            html = response.json().get("html") if isinstance(response.json(), dict) else None
            if not isinstance(html, str):
                continue
        elif response.get("Content-Type", "").startswith("text/html"):
            html = response.content.decode()
        else:
            continue
        visited.append(url)
        page = read(html)
        english = english_in(page.texts)
        if english:
            found[url] = english
        for href in page.links + json_urls(html):
            parts = urlsplit(urljoin(url, href))
            if parts.netloc not in ("", "testserver") or not parts.path.startswith("/admin/"):
                continue
            if SKIP.search(parts.path) or parts.path in queued or shape(parts.path) in shapes:
                continue
            queued.add(parts.path)
            shapes.add(shape(parts.path))
            queue.append(parts.path)
    return found, visited


def user_for(who):
    if who == "superuser":
        return get_user_model().objects.create_superuser("tongbientap", "tbt@example.com", "x")
    user = get_user_model().objects.create_user(f"crawl-{roles.ROLES.index(who)}", "crawl@example.com", "x")
    user.groups.add(Group.objects.get(name=who))
    return user


@pytest.mark.django_db
@pytest.mark.parametrize("who", [*roles.ROLES, "superuser"])
def test_no_english_on_any_admin_screen_the_role_reaches(who):
    client = Client()
    client.force_login(user_for(who))
    started = time.monotonic()
    found, visited = crawl(client, seeds())
    print(f"{who}: {len(visited)} screens in {time.monotonic() - started:.1f} s")
    # every kind of screen the brief names was reached (what the role may open of them)
    assert {"/admin/", "/admin/images/", "/admin/huong-dan/"} <= set(visited), visited
    assert any(re.fullmatch(r"/admin/pages/(\d+/edit|add/\w+/\w+/\d+)/", url) for url in visited), visited
    assert any("/chooser/" in url or "choose-page" in url for url in visited), visited
    assert not found, "English on admin screens:\n" + "\n".join(
        f"{url}\n" + "\n".join(f"    {words} {text!r}" for text, words in texts.items()) for url, texts in found.items()
    )


@pytest.mark.django_db
def test_no_english_on_the_login_screens():
    client = Client()
    found, visited = crawl(client, ["/admin/login/", "/admin/password_reset/"])
    assert {"/admin/login/", "/admin/password_reset/"} <= set(visited)
    assert not found, found


def test_the_crawler_reads_what_a_person_sees():
    html = (
        '<a class="search edit" href="/admin/pages/search/" data-w-x-value="Delete">Tìm kiếm</a>'
        '<button aria-label="Delete" data-w-tooltip-content-value="Help">x</button><h2>Save draft</h2><img alt="Preview" src="/a.png">'
        '<input type="submit" value="Publish"><input name="title" value="Sửa">'
        "<template><p>3 minutes ago</p></template>"
        '<script id="wagtail-sidebar-props" type="application/json">{"a": [{"label": "Images", "url": "/admin/images/"}]}</script>'
        "<script>var Publish = 1;</script><style>.edit{}</style><p>Không có</p>"
    )
    assert sorted(english_in(read(html).texts)) == [
        "3 minutes ago",
        "Delete",
        "Help",
        "Images",
        "Preview",
        "Publish",
        "Save draft",
    ]


def test_a_model_label_is_a_code_name_but_a_sentence_is_words():
    assert english_in(["documents.documentpage", "exemplars.storypage"]) == {}
    assert english_in(["Upload the documents.", "documents. Next"]) == {
        "Upload the documents.": ["documents", "the", "upload"],
        "documents. Next": ["documents", "next"],
    }

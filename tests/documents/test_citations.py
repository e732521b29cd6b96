"""Links made for the editor (issue 17 item 2): a document number in a body becomes a link to
the document at render time (unless the article turns it off), a movement names the document
that launched it, an award's decision links to its document, and each document lists what
cites it. Never to or from a page readers may not see."""

import re

import pytest
from wagtail.models import PageViewRestriction

from documents.models import DocumentPage
from movements.models import MovementPage
from tests.documents.conftest import make_document
from tests.factories import make_news, make_story

pytestmark = pytest.mark.django_db

CITING_BODY = [("paragraph", "<p>Thực hiện Chỉ thị số 34-CT/TW ngày 7/4/2014, xã đã khen thưởng 20 gia đình.</p>")]


def doc_links(html: str) -> list[tuple[str, str]]:
    return re.findall(r'<a class="doc-link" href="([^"]+)"[^>]*>([^<]+)</a>', html)


def cited_by(client, document) -> str:
    page = client.get(document.url).content.decode()
    section = re.search(r'<section class="doc-citations".*?</section>', page, re.S)
    return section.group(0) if section else ""


def test_a_number_in_a_body_links_to_the_document_and_the_document_lists_the_story(client):
    directive = DocumentPage.objects.get(number="34-CT/TW")
    story = make_story("Xã nông thôn mới khen thưởng gia đình văn hóa", body=CITING_BODY)
    assert doc_links(client.get(story.url).content.decode()) == [(directive.url, "34-CT/TW")]
    assert "Xã nông thôn mới khen thưởng gia đình văn hóa" in cited_by(client, directive)
    # Partners get the link too, absolute, in the feed's body.
    feed = client.get("/feeds/stories.rss").content.decode()
    assert f"http://127.0.0.1:8000{directive.url}" in feed


def test_an_editor_turns_the_links_off_for_one_article(client):
    story = make_story("Bài không gắn liên kết văn bản", body=CITING_BODY, link_documents=False)
    page = client.get(story.url).content.decode()
    assert doc_links(page) == [] and "Chỉ thị số 34-CT/TW" in page


def test_no_link_to_a_document_readers_may_not_see_and_no_draft_is_listed(client):
    hidden = make_document("55-CT/TW", publish=False)
    story = make_story("Bài nhắc chỉ thị chưa đăng", body=[("paragraph", "<p>Theo Chỉ thị 55-CT/TW.</p>")])
    assert doc_links(client.get(story.url).content.decode()) == []
    # A draft story that cites a document is not listed under it, nor a private one.
    make_story("Bản nháp nhắc chỉ thị", body=CITING_BODY, publish=False)
    private = make_news("Tin riêng tư nhắc chỉ thị", body=CITING_BODY)
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")
    listed = cited_by(client, DocumentPage.objects.get(number="34-CT/TW"))
    assert "Bản nháp nhắc chỉ thị" not in listed and "Tin riêng tư nhắc chỉ thị" not in listed
    # Once the document is published, the story that cited it first is listed under it.
    hidden.save_revision().publish()
    assert "Bài nhắc chỉ thị chưa đăng" in cited_by(client, DocumentPage.objects.get(pk=hidden.pk))


def test_numbers_inside_links_and_attributes_are_left_alone(client):
    body = [
        (
            "paragraph",
            '<p><a href="https://example.org/34-CT/TW">Chỉ thị 34-CT/TW</a>; Luật số 06/2022/QH15.</p>',
        )
    ]
    story = make_story("Bài có sẵn liên kết", body=body)
    links = doc_links(client.get(story.url).content.decode())
    assert [text for _, text in links] == ["06/2022/QH15"]


def test_a_movement_names_the_document_that_launched_it(client):
    plan = DocumentPage.objects.get(number="112/KH-UBND")
    movement = MovementPage.objects.get(launch_document=plan)  # the demo links them
    assert movement.title in cited_by(client, plan)
    facts = re.search(r'<dl class="facts">.*?</dl>', client.get(movement.url).content.decode(), re.S).group(0)
    assert f'<dt>Văn bản phát động</dt><dd><a href="{plan.url}">Kế hoạch số 112/KH-UBND</a>' in facts


def test_an_award_decision_links_to_its_document(client):
    decision = DocumentPage.objects.get(number="1835/QĐ-TTg")
    story = decision.citing_pages()[0]  # the demo story whose award it is
    assert story.specific.awards.filter(decision_number="1835/QĐ-TTg").exists()
    assert decision.url in client.get(story.url).content.decode()

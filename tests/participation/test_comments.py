"""Readers' comments: posted through the real form (solved proof of work, CSRF), invisible
until an editor approves them in the admin, plain text, one level of replies."""

import re
import unicodedata

import pytest
from django.test import Client
from django.urls import reverse
from wagtail.models import PageViewRestriction

from participation.models import Comment
from tests.factories import make_story
from tests.participation.helpers import post_form

pytestmark = pytest.mark.django_db


def comment_url(page):
    return reverse("participation:comment_form", args=(page.pk,))


def bulk_url(action, *comments, next_url="/admin/"):
    url = reverse("wagtail_bulk_action", args=("participation", "comment", action))
    return url + "?" + "&".join(f"id={c.pk}" for c in comments) + f"&next={next_url}"


def post_comment(client, page, body, name="Trần Thị Hoa", **data):
    return post_form(client, comment_url(page), {"author_name": name, "body": body, **data})


def test_comment_waits_for_approval_then_shows_with_count(reader, editor_client, story):
    response = post_comment(reader, story, "Câu chuyện thật cảm động, cảm ơn cô giáo!")
    assert response.status_code == 302
    sent = reader.get(response["Location"])
    assert "Ý kiến của bạn sẽ được biên tập trước khi đăng" in sent.content.decode()

    comment = Comment.objects.get(page=story)
    assert comment.status == Comment.Status.PENDING
    page_html = reader.get(story.url).content.decode()
    assert "thật cảm động" not in page_html
    assert "Chưa có ý kiến nào được đăng" in page_html

    # The editor approves it from the moderation queue (a Wagtail bulk action).
    queue = editor_client.get(reverse("wagtailsnippets_participation_comment:list") + "?status=pending")
    assert "thật cảm động" in queue.content.decode()
    assert editor_client.get(bulk_url("approve", comment)).status_code == 200  # confirmation page
    assert editor_client.post(bulk_url("approve", comment)).status_code == 302
    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED

    # The same reader, served from the page cache before, now sees it at once.
    page_html = reader.get(story.url).content.decode()
    assert "thật cảm động" in page_html
    assert "Trần Thị Hoa" in page_html
    assert 'Ý kiến bạn đọc <span class="comments__count">(1)</span>' in page_html
    assert "1 ý kiến" in page_html


def test_comments_work_on_news_too(reader, news):
    assert post_comment(reader, news, "Tin rất hay, mong có thêm nhiều tin như vậy.").status_code == 302
    assert Comment.objects.get().page_id == news.pk


def test_reply_is_one_level_deep(reader, story):
    parent = Comment.objects.create(page=story, author_name="Lan", body="Ý kiến gốc.", status=Comment.Status.APPROVED)
    reply = Comment.objects.create(
        page=story, parent=parent, author_name="Minh", body="Trả lời thứ nhất.", status=Comment.Status.APPROVED
    )

    form_page = reader.get(comment_url(story) + f"?tra-loi={reply.pk}").content.decode()
    assert "Trả lời <strong>Minh</strong>" in form_page
    response = post_comment(
        reader, story, "Tôi đồng ý với anh Minh.", parent=reply.pk, form_url=comment_url(story) + f"?tra-loi={reply.pk}"
    )
    assert response.status_code == 302
    answer = Comment.objects.get(body="Tôi đồng ý với anh Minh.")
    assert answer.parent == parent  # a reply to a reply joins the thread

    answer.moderate(Comment.Status.APPROVED)
    html = reader.get(story.url).content.decode()
    thread = html[html.index(f'id="y-kien-{parent.pk}"') :]
    assert thread.index("Trả lời thứ nhất.") < thread.index("Tôi đồng ý với anh Minh.")
    assert "(3)" in html


def test_cannot_reply_to_a_hidden_comment(reader, story):
    pending = Comment.objects.create(page=story, author_name="Lan", body="Chưa duyệt.")
    response = post_comment(reader, story, "Trả lời một ý kiến chưa đăng.", parent=pending.pk)
    assert response.status_code == 200
    assert "không còn hiển thị" in response.content.decode()
    assert not Comment.objects.filter(body__startswith="Trả lời").exists()


def test_rejected_comment_never_appears(reader, editor_client, story):
    post_comment(reader, story, "Quảng cáo bán hàng giá rẻ ở đây.")
    comment = Comment.objects.get()
    assert editor_client.post(bulk_url("reject", comment)).status_code == 302
    comment.refresh_from_db()
    assert comment.status == Comment.Status.REJECTED
    assert "Quảng cáo bán hàng" not in reader.get(story.url).content.decode()


def test_bulk_approval_of_many(editor_client, story, reader):
    comments = [
        Comment.objects.create(page=story, author_name=f"Bạn đọc {i}", body=f"Ý kiến số {i}.") for i in range(3)
    ]
    assert editor_client.post(bulk_url("approve", *comments)).status_code == 302
    assert Comment.objects.approved().count() == 3
    assert "(3)" in reader.get(story.url).content.decode()


def test_listing_offers_approve_and_reject(editor_client, story):
    comment = Comment.objects.create(page=story, author_name="Lan", body="Ý kiến chờ duyệt.")
    html = editor_client.get(reverse("wagtailsnippets_participation_comment:list")).content.decode()
    assert bulk_url("approve", comment, next_url="").split("&next=")[0].replace("&", "&amp;") in html
    assert "Từ chối" in html


def test_reporter_cannot_moderate(reporter, story):
    client = Client()
    client.force_login(reporter)
    comment = Comment.objects.create(page=story, author_name="Lan", body="Ý kiến chờ duyệt.")
    listing = client.get(reverse("wagtailsnippets_participation_comment:list"))
    assert listing.status_code in (302, 403)
    client.post(bulk_url("approve", comment))
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING


def test_html_is_stored_as_typed_and_shown_escaped(reader, story):
    body = 'Hay quá <script>alert("xss")</script> <b>đậm</b> & cảm ơn'
    name = "<img src=x onerror=alert(1)>Hùng"
    post_comment(reader, story, body, name=name)
    comment = Comment.objects.get()
    assert comment.body == body and comment.author_name == name  # plain text, as typed
    comment.moderate(Comment.Status.APPROVED)
    html = reader.get(story.url).content.decode()
    assert "<script>alert" not in html and "<img src=x" not in html and "<b>đậm</b>" not in html
    assert "&lt;script&gt;alert(&quot;xss&quot;)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;Hùng" in html


def test_text_is_stored_nfc_without_control_characters(reader, story):
    typed = unicodedata.normalize("NFD", "Cảm ơn cô giáo") + "\x07 nhiều lắm"  # a keyboard that sends NFD
    assert post_comment(reader, story, typed).status_code == 302
    assert Comment.objects.get().body == "Cảm ơn cô giáo nhiều lắm"
    assert post_comment(reader, story, "Có ký tự\x00 rỗng").status_code == 200  # a form error, not a 5xx
    assert Comment.objects.count() == 1


def test_text_without_diacritics_gets_a_gentle_warning(reader, story):
    form_page = reader.get(comment_url(story)).content.decode()
    assert "Vui lòng gõ tiếng Việt có dấu" in form_page

    response = post_comment(reader, story, "cau chuyen that cam dong, cam on co giao")
    assert response.status_code == 200
    html = response.content.decode()
    assert "gõ không dấu" in html
    assert 'name="confirm_without_diacritics"' in html
    assert not Comment.objects.exists()

    response = post_comment(reader, story, "cau chuyen that cam dong, cam on co giao", confirm_without_diacritics="on")
    assert response.status_code == 302
    assert Comment.objects.get().typed_without_diacritics


@pytest.mark.parametrize("body", ["ok", "Cảm ơn!", "Rất hay, cảm ơn tác giả nhiều", "OK 100%"])
def test_short_or_accented_text_is_not_warned(reader, story, body):
    assert post_comment(reader, story, body).status_code == 302


def test_missing_and_oversized_fields_are_form_errors(reader, story, settings):
    response = post_comment(reader, story, "", name="")
    assert response.status_code == 200
    assert response.content.decode().count('class="field__error"') >= 2
    response = post_comment(reader, story, "Dài quá " * 400)
    assert response.status_code == 200
    assert f"{settings.COMMENT_MAX_LENGTH}" in response.content.decode()
    response = post_comment(reader, story, "Tên dài quá", name="Nguyễn " * 30)
    assert response.status_code == 200
    assert not Comment.objects.exists()


def test_only_live_public_articles_take_comments(reader, story):
    draft = make_story(title="Bài nháp chưa đăng", publish=False)
    assert reader.get(comment_url(draft)).status_code == 404
    home = story.get_parent().get_parent()
    assert reader.get(comment_url(home)).status_code == 404
    assert reader.get("/y-kien/999999/").status_code == 404


def test_a_second_reader_gets_a_working_form(story):
    """Article pages come from the page cache; the comment form page never does, so each reader
    gets their own CSRF token and challenge."""
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first.get(story.url)
    cached = second.get(story.url).content.decode()
    assert "csrfmiddlewaretoken" not in cached  # nothing personal in the cached article
    assert comment_url(story) in cached

    a = first.get(comment_url(story))
    b = second.get(comment_url(story))
    assert "no-cache" in b["Cache-Control"] or "max-age=0" in b["Cache-Control"]
    token = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
    assert token.search(a.content.decode()).group(1) != token.search(b.content.decode()).group(1)
    assert post_comment(first, story, "Ý kiến của người thứ nhất.").status_code == 302
    assert post_comment(second, story, "Ý kiến của người thứ hai.").status_code == 302
    assert Comment.objects.count() == 2


def test_pending_and_rejected_comments_stay_out_of_search(reader, story):
    Comment.objects.create(page=story, author_name="Lan", body="Chữ độc nhất xyzpending.")
    Comment.objects.create(
        page=story, author_name="Lan", body="Chữ độc nhất xyzrejected.", status=Comment.Status.REJECTED
    )
    for word in ("xyzpending", "xyzrejected"):
        assert reader.get("/api/search/", {"q": word}).json()["total"] == 0
        html = reader.get("/search/", {"q": word}).content.decode()
        assert "Chữ độc nhất" not in html and story.title not in html
    assert "Chữ độc nhất" not in reader.get(story.url).content.decode()
    # Feeds carry article text only; checked wherever the feeds app answers.
    for feed in ("/feeds/all.rss", "/feeds/all.atom", "/feeds/all.json", "/feeds/stories.rss"):
        response = reader.get(feed)
        if response.status_code == 200:
            assert "độc nhất" not in response.content.decode()


def test_admin_home_counts_pending_comments(editor_client, story):
    Comment.objects.create(page=story, author_name="Lan", body="Một.")
    Comment.objects.create(page=story, author_name="Lan", body="Hai.")
    Comment.objects.create(page=story, author_name="Lan", body="Ba.", status=Comment.Status.APPROVED)
    html = editor_client.get("/admin/").content.decode()
    assert re.search(r'<span class="w-summary__count">2</span> Bình luận chờ duyệt', html)


def test_drafts_and_private_pages_have_no_comment_section(editor_client, story, reader):
    draft = make_story(title="Bài nháp có xem trước", publish=False)
    preview = editor_client.get(reverse("wagtailadmin_pages:view_draft", args=(draft.pk,)))
    assert preview.status_code == 200
    assert 'id="y-kien"' not in preview.content.decode()

    PageViewRestriction.objects.create(page=story, restriction_type=PageViewRestriction.LOGIN)
    assert 'id="y-kien"' not in editor_client.get(story.url).content.decode()
    assert reader.get(comment_url(story)).status_code == 404


def test_admin_views_of_a_comment(editor_client, story):
    comment = Comment.objects.create(page=story, author_name="Lan", body="Ý kiến <b>chờ</b> duyệt.")
    for view in ("inspect", "edit"):
        response = editor_client.get(reverse(f"wagtailsnippets_participation_comment:{view}", args=(comment.pk,)))
        assert response.status_code == 200
        assert "<b>chờ</b>" not in response.content.decode()
    response = editor_client.post(
        reverse("wagtailsnippets_participation_comment:edit", args=(comment.pk,)),
        {"status": "approved", "author_name": "Lan", "body": "Ý kiến đã sửa."},
    )
    assert response.status_code == 302
    assert Comment.objects.approved().get().body == "Ý kiến đã sửa."

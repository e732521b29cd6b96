"""The weekly digest: what goes in, when it goes out, never twice, retried when a send fails."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.test import Client
from wagtail.models import PageViewRestriction

from movements.models import MovementPage
from newsletter.models import Delivery, Issue
from tests.factories import make_news, make_story
from tests.newsletter import backends
from tests.newsletter.helpers import MONDAY_MORNING, confirmed_subscriber, logged_in, run_job, subscribe


def digest_at(moment):
    with time_machine.travel(moment, tick=False):
        run_job("newsletter_digest")


def mail_to(address):
    [message] = [m for m in mail.outbox if m.to == [address]]
    return message


@pytest.fixture
def week(db):
    """Saturday before MONDAY_MORNING: two subscribers (one following a movement), one reader who
    never confirmed, and the week's articles, published or not."""
    movement = MovementPage.objects.live().order_by("pk").first()
    with time_machine.travel(MONDAY_MORNING - timedelta(days=2), tick=False):
        confirmed_subscriber("chung@example.com")
        confirmed_subscriber("phong.trao@example.com", movement)
        subscribe(Client(enforce_csrf_checks=True), "chua.xac.nhan@example.com")
        story = make_story(
            "Người lái đò đưa học trò qua sông", lead="Hai mươi năm không lấy tiền đò.", movements=[movement]
        )
        news = make_news("Hội nghị biểu dương điển hình tiên tiến", lead="Một trăm gương mặt được tôn vinh.")
        make_story("Bản nháp chưa duyệt", publish=False)
        scheduled = make_story("Bài hẹn giờ đăng thứ Ba", publish=False, go_live_at=MONDAY_MORNING + timedelta(days=1))
        scheduled.get_latest_revision().publish()
        private = make_story("Bài chỉ nội bộ được xem")
        PageViewRestriction.objects.create(page=private, restriction_type="password", password="noi-bo")
    mail.outbox.clear()
    return {"movement": movement, "story": story, "news": news, "scheduled": scheduled}


def test_the_digest_lists_the_weeks_published_articles(week):
    digest_at(MONDAY_MORNING)

    assert sorted(m.to[0] for m in mail.outbox) == ["chung@example.com", "phong.trao@example.com"]
    message = mail_to("chung@example.com")
    assert message.subject == "Bản tin Gương Sáng ngày 07/01/2030"
    html = message.alternatives[0][0]
    for article in (week["story"], week["news"]):
        assert article.title in message.body and article.title in html
        assert article.lead in message.body
        assert article.get_full_url() in message.body and f'href="{article.get_full_url()}"' in html
        assert article.get_full_url().startswith("http")
    assert "05/01/2030" in message.body  # dd/mm/yyyy
    assert "GƯƠNG SÁNG ==" in message.body and "TIN PHONG TRÀO ==" in message.body
    for absent in ("Bản nháp chưa duyệt", "Bài hẹn giờ đăng thứ Ba", "Bài chỉ nội bộ được xem"):
        assert absent not in message.body and absent not in html
    assert "Phong trào “" not in message.body

    followed = mail_to("phong.trao@example.com").body
    heading = f"== PHONG TRÀO “{week['movement'].title.upper()}” =="
    movement_section = followed.split(heading)[1].split("==")[0]
    assert week["story"].title in movement_section
    assert followed.count(week["story"].title) == 1
    assert week["news"].title in followed and week["news"].title not in movement_section


def test_every_digest_has_a_personal_one_click_unsubscribe(week):
    digest_at(MONDAY_MORNING)
    links = set()
    for message in mail.outbox:
        header = message.extra_headers["List-Unsubscribe"]
        assert header.startswith("<http") and "/ban-tin/huy-dang-ky/" in header
        assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert header.strip("<>") in message.body and header.strip("<>") in message.alternatives[0][0]
        links.add(header)
    assert len(links) == 2


def test_nothing_goes_out_before_the_send_time(week):
    digest_at(MONDAY_MORNING - timedelta(hours=1))
    assert not mail.outbox
    assert not Issue.objects.exists()


def test_a_week_is_sent_once_and_the_next_brings_only_new_articles(week):
    digest_at(MONDAY_MORNING)
    assert len(mail.outbox) == 2
    digest_at(MONDAY_MORNING + timedelta(hours=3))  # a restarted worker, later that day
    digest_at(MONDAY_MORNING + timedelta(days=3))
    assert len(mail.outbox) == 2
    assert Issue.objects.count() == 1

    # Tuesday the scheduled article goes live on its own; Thursday a new story.
    with time_machine.travel(MONDAY_MORNING + timedelta(days=1, hours=1), tick=False):
        run_job("publish_scheduled")
    with time_machine.travel(MONDAY_MORNING + timedelta(days=3), tick=False):
        make_story("Cựu chiến binh hiến đất làm đường")
    mail.outbox.clear()
    digest_at(MONDAY_MORNING + timedelta(days=7))
    body = mail_to("chung@example.com").body
    assert "Cựu chiến binh hiến đất làm đường" in body and "Bài hẹn giờ đăng thứ Ba" in body
    assert week["story"].title not in body and week["news"].title not in body


def test_a_failed_send_is_retried_without_resending_to_the_others(week, settings):
    settings.EMAIL_BACKEND = "tests.newsletter.backends.RefusingBackend"
    backends.REFUSED.add("phong.trao@example.com")
    try:
        digest_at(MONDAY_MORNING)
    finally:
        backends.REFUSED.clear()
    assert [m.to for m in mail.outbox] == [["chung@example.com"]]
    failed = Delivery.objects.get(subscriber__email="phong.trao@example.com")
    assert failed.status == Delivery.Status.FAILED and "451" in failed.last_error
    assert Issue.objects.get().completed_at is None

    digest_at(MONDAY_MORNING + timedelta(minutes=5))  # before the retry delay: nothing
    assert len(mail.outbox) == 1
    digest_at(MONDAY_MORNING + timedelta(minutes=30))
    assert sorted(m.to[0] for m in mail.outbox) == ["chung@example.com", "phong.trao@example.com"]
    assert Issue.objects.get().completed_at is not None
    digest_at(MONDAY_MORNING + timedelta(hours=2))
    assert len(mail.outbox) == 2


def test_an_empty_week_sends_nothing(db):
    confirmed_subscriber("chung@example.com")
    mail.outbox.clear()
    digest_at(MONDAY_MORNING)
    assert not mail.outbox
    assert Issue.objects.get().completed_at is not None


def test_editors_see_each_issue_sent(week):
    digest_at(MONDAY_MORNING)
    issue = Issue.objects.get()
    assert issue.week == "2030-W02" and issue.article_count == 2
    client = logged_in("Biên tập viên")
    listing = client.get("/admin/issues/")
    assert listing.status_code == 200 and "2030-W02" in listing.content.decode()
    assert client.get(f"/admin/issues/inspect/{issue.pk}/").status_code == 200
    assert client.get(f"/admin/issues/delete/{issue.pk}/").status_code in (302, 403)  # the record stays

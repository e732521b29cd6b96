"""Unsubscribing in one click (RFC 8058) or through the page, and what is erased afterwards."""

from datetime import timedelta
from urllib.parse import urlsplit

import time_machine
from django.core import mail
from django.test import Client

from newsletter.models import Subscriber
from tests.factories import make_story
from tests.newsletter.helpers import MONDAY_MORNING, confirmed_subscriber, link_in, run_job, subscribe


def unsubscribe_path(message):
    return urlsplit(message.extra_headers["List-Unsubscribe"].strip("<>")).path


def test_one_click_unsubscribe_needs_no_page_and_no_csrf(db):
    subscriber = confirmed_subscriber("mot.lan.bam@example.com")
    url = unsubscribe_path(mail.outbox[-1])
    # What a mail provider sends (RFC 8058): a bare POST with this body, no cookie, no token.
    response = Client(enforce_csrf_checks=True).post(
        url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED and subscriber.unsubscribed_at
    # Idempotent.
    assert (
        Client().post(url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded").status_code
        == 200
    )


def test_opening_the_link_asks_before_unsubscribing(db):
    subscriber = confirmed_subscriber("hoi.truoc@example.com")
    url = link_in(mail.outbox[-1], "/ban-tin/huy-dang-ky/")
    assert url == unsubscribe_path(mail.outbox[-1])
    reader = Client(enforce_csrf_checks=True)
    page = reader.get(url)  # a link scanner does this too
    assert page.status_code == 200
    assert "hoi.truoc@example.com" in page.content.decode() and "Hủy đăng ký</button>" in page.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.ACTIVE

    done = reader.post(url)
    assert done.status_code == 200
    assert "Bạn đã hủy đăng ký" in done.content.decode() and "xóa hẳn sau 30 ngày" in done.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED
    assert "không còn nhận bản tin" in reader.get(url).content.decode()


def test_an_unsubscribed_reader_gets_no_digest(db):
    confirmed_subscriber("o.lai@example.com")
    confirmed_subscriber("di.roi@example.com")
    leaving = [m for m in mail.outbox if m.to == ["di.roi@example.com"]][-1]
    Client().post(
        unsubscribe_path(leaving), "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    with time_machine.travel(MONDAY_MORNING - timedelta(days=1), tick=False):
        make_story("Bà mẹ nuôi mười hai con mồ côi")
    mail.outbox.clear()
    with time_machine.travel(MONDAY_MORNING, tick=False):
        run_job("newsletter_digest")
    assert [m.to for m in mail.outbox] == [["o.lai@example.com"]]


def test_addresses_are_erased_after_the_retention_period(db):
    confirmed_subscriber("van.nhan@example.com")
    leaving = confirmed_subscriber("da.huy@example.com")
    unsubscribe_url = link_in(mail.outbox[-1], "/ban-tin/huy-dang-ky/")
    Client().post(unsubscribe_url)
    subscribe(Client(enforce_csrf_checks=True), "khong.bao.gio.xac.nhan@example.com")
    confirm_url = link_in(mail.outbox[-1], "/ban-tin/xac-nhan/")

    with time_machine.travel(timedelta(days=8)):
        run_job("newsletter_retention")
        assert sorted(Subscriber.objects.values_list("email", flat=True)) == [
            "da.huy@example.com",
            "van.nhan@example.com",
        ]
    with time_machine.travel(timedelta(days=31)):
        run_job("newsletter_retention")
        assert list(Subscriber.objects.values_list("email", flat=True)) == ["van.nhan@example.com"]
        # Links to erased rows still answer clearly.
        reader = Client()
        assert "không còn nhận bản tin" in reader.get(unsubscribe_url).content.decode()
        assert reader.get(confirm_url).status_code == 400
    assert not Subscriber.objects.filter(pk=leaving.pk).exists()

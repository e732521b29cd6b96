"""Subscribing: the form, double opt-in, duplicates, links that cannot be used, spam."""

from datetime import timedelta

import time_machine
from django.core import mail
from django.core.cache import cache, caches
from django.core.cache.backends.db import DatabaseCache
from django.test import Client

from core.cache import page_cache_key
from movements.models import MovementPage
from newsletter.models import Subscriber
from tests.newsletter.helpers import confirmed_subscriber, link_in, subscribe
from tests.participation.helpers import post_form


def test_footer_links_to_the_subscribe_page(db):
    home = Client().get("/")
    assert 'href="/ban-tin/"' in home.content.decode()
    assert "Nhận bản tin" in home.content.decode()


def test_the_form_is_never_served_from_the_page_cache(reader):
    first = reader.get("/ban-tin/")
    assert first.status_code == 200
    assert "no-cache" in first["Cache-Control"]
    assert cache.get(page_cache_key(first.wsgi_request)) is None
    other_reader = Client(enforce_csrf_checks=True)
    second = other_reader.get("/ban-tin/")
    assert reader.cookies["csrftoken"].value != other_reader.cookies["csrftoken"].value
    assert first.content != second.content  # its own CSRF token and challenge


def test_subscribe_then_confirm(reader):
    movement = MovementPage.objects.live().first()
    page = reader.get("/ban-tin/").content.decode()
    assert movement.title in page and "Chỉ nhận bản tin chung" in page
    assert "xóa hẳn sau 30 ngày" in page  # what happens to the address, said on the form

    response = subscribe(reader, "Lan.Nguyen@Example.COM", movement)
    assert response.status_code == 302
    assert "kiểm tra hộp thư" in reader.get(response["Location"]).content.decode()

    subscriber = Subscriber.objects.get()
    assert subscriber.email == "Lan.Nguyen@example.com"  # domain normalised
    assert subscriber.status == Subscriber.Status.PENDING
    [message] = mail.outbox
    assert message.to == ["Lan.Nguyen@example.com"]
    assert message.subject == "Xác nhận đăng ký nhận bản tin Gương Sáng"
    assert movement.title in message.body
    html = message.alternatives[0][0]
    assert "Xác nhận đăng ký" in html
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    confirm = link_in(message, "/ban-tin/xac-nhan/")
    # Opening the link (as a mail scanner does) subscribes nobody; the button does.
    shown = reader.get(confirm)
    assert shown.status_code == 200 and "Xác nhận đăng ký" in shown.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.PENDING
    done = reader.post(confirm, {"csrfmiddlewaretoken": reader.cookies["csrftoken"].value})
    assert done.status_code == 200
    assert "Cảm ơn bạn đã đăng ký" in done.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.ACTIVE
    assert subscriber.movement == movement
    assert subscriber.confirmed_at is not None


def test_a_repeated_subscription_makes_no_duplicate_and_reveals_nothing(db):
    confirmed_subscriber("da.dang.ky@example.com")
    mail.outbox.clear()

    with time_machine.travel(timedelta(minutes=15)):  # after the one-mail-per-address window
        if not isinstance(caches["shared"], DatabaseCache):
            caches["shared"].clear()  # Redis expires keys on its own clock, not the test's
        known = subscribe(Client(enforce_csrf_checks=True), "DA.DANG.KY@Example.com")
        unknown = subscribe(Client(enforce_csrf_checks=True), "chua.dang.ky@example.com")
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert Client().get(known["Location"]).content == Client().get(unknown["Location"]).content

    assert Subscriber.objects.with_email("da.dang.ky@example.com").count() == 1
    assert Subscriber.objects.with_email("da.dang.ky@example.com").get().status == Subscriber.Status.ACTIVE
    # Only the address's owner learns it was already subscribed.
    to_known = next(m for m in mail.outbox if m.to == ["da.dang.ky@example.com"])
    assert "đang nhận bản tin" in to_known.body


def test_repeated_requests_send_one_confirmation_mail_per_window(db):
    for _ in range(3):
        assert subscribe(Client(enforce_csrf_checks=True), "nan.nhan@example.com").status_code == 302
    assert Subscriber.objects.count() == 1
    assert len(mail.outbox) == 1  # the form cannot flood somebody's mailbox


def test_bad_links_get_a_clear_message(reader):
    subscribe(reader, "an@example.com")
    confirm = link_in(mail.outbox[-1], "/ban-tin/xac-nhan/")
    tampered = confirm[:-3] + ("AAA" if not confirm.endswith("AAA/") else "BBB") + "/"
    for url in (
        tampered,
        "/ban-tin/xac-nhan/rac/",
        "/ban-tin/huy-dang-ky/rac:rac/",
        confirm.replace("xac-nhan", "huy-dang-ky"),
    ):
        for method in (reader.get, reader.post):
            response = method(
                url, *([{"csrfmiddlewaretoken": reader.cookies["csrftoken"].value}] if method == reader.post else [])
            )
            assert response.status_code == 400, url
            assert "Đường dẫn này không đúng hoặc không còn hiệu lực" in response.content.decode()
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING


def test_an_expired_confirmation_link_says_so(reader):
    subscribe(reader, "cham@example.com")
    confirm = link_in(mail.outbox[-1], "/ban-tin/xac-nhan/")
    with time_machine.travel(timedelta(days=8)):
        response = reader.get(confirm)
        assert response.status_code == 400
        assert "đã hết hạn" in response.content.decode()
        assert reader.post(confirm, {"csrfmiddlewaretoken": reader.cookies["csrftoken"].value}).status_code == 400
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING


def test_bad_addresses_are_form_errors(reader):
    for email in ("", "khong-phai-dia-chi", "a@b", "<script>alert(1)</script>@example.com", "x" * 300 + "@example.com"):
        response = subscribe(reader, email)
        assert response.status_code == 200, email
        assert "Chưa gửi được" in response.content.decode()
        assert "<script>alert(1)" not in response.content.decode()
    assert reader.post("/ban-tin/", {"email": "a@example.com"}).status_code == 403  # no CSRF token
    assert not Subscriber.objects.exists()
    assert not mail.outbox


def test_honeypot_pretends_success_and_stores_nothing(reader):
    response = subscribe(reader, "bot@example.com", website="http://spam.example")
    assert response.status_code == 302
    assert not Subscriber.objects.exists()
    assert not mail.outbox


def test_subscribing_needs_the_proof_of_work(reader):
    unsolved = subscribe(reader, "khong.js@example.com", solve_challenge=False)
    assert unsolved.status_code == 200
    assert "bật JavaScript" in unsolved.content.decode()
    forged = subscribe(reader, "gia.mao@example.com", altcha="eyJ4IjogMX0=")
    assert "không hợp lệ" in forged.content.decode()
    assert not Subscriber.objects.exists()


def test_a_flood_from_one_address_gets_429(db, settings):
    allowed, _ = settings.ANTISPAM_RATE_LIMITS["newsletter"]
    responses = [
        post_form(Client(enforce_csrf_checks=True), "/ban-tin/", {"email": f"lu{i}@example.com"})
        for i in range(allowed + 2)
    ]
    assert [r.status_code for r in responses] == [302] * allowed + [429, 429]
    assert "Bạn gửi quá nhiều lần" in responses[-1].content.decode()
    assert Subscriber.objects.count() == allowed

"""Only editors with the permission see subscribers' addresses; nobody adds one by hand."""

import pytest
from django.test import Client

from newsletter.models import Subscriber
from tests.newsletter.helpers import confirmed_subscriber, logged_in, subscribe


@pytest.fixture
def subscribers(db):
    confirmed_subscriber("doc.gia@example.com")
    subscribe(Client(enforce_csrf_checks=True), "cho.xac.nhan@example.com")


@pytest.mark.parametrize("role", ["Biên tập viên", "Lãnh đạo duyệt", "Quản trị"])
def test_editors_see_addresses_and_counts(subscribers, role):
    client = logged_in(role)
    assert "/admin/subscribers/" in client.get("/admin/").content.decode()  # the "Bản tin" menu
    response = client.get("/admin/subscribers/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "doc.gia@example.com" in page and "cho.xac.nhan@example.com" in page
    assert "<strong>Đang nhận:</strong> 1" in page and "<strong>Chờ xác nhận:</strong> 1" in page


def test_a_reporter_does_not_see_addresses(subscribers):
    client = logged_in("Phóng viên")
    for url in (
        "/admin/subscribers/",
        f"/admin/subscribers/inspect/{Subscriber.objects.first().pk}/",
        "/admin/issues/",
    ):
        response = client.get(url, follow=True)
        assert "doc.gia@example.com" not in response.content.decode()
        assert response.redirect_chain or response.status_code == 403
    assert "/admin/subscribers/" not in client.get("/admin/").content.decode()


def test_anonymous_readers_are_sent_to_the_login(subscribers):
    response = Client().get("/admin/subscribers/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_nobody_adds_or_edits_a_subscriber_by_hand(subscribers):
    client = logged_in(superuser=True)
    subscriber = Subscriber.objects.with_email("cho.xac.nhan@example.com").get()
    assert client.get("/admin/subscribers/new/").status_code in (302, 403)
    assert client.post(f"/admin/subscribers/edit/{subscriber.pk}/", {"status": "active"}).status_code in (302, 403)
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.PENDING


def test_an_editor_can_erase_an_address(subscribers):
    subscriber = Subscriber.objects.with_email("doc.gia@example.com").get()
    response = logged_in("Biên tập viên").post(f"/admin/subscribers/delete/{subscriber.pk}/")
    assert response.status_code == 302
    assert not Subscriber.objects.filter(pk=subscriber.pk).exists()

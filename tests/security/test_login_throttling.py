"""Guessing passwords stops after AXES_FAILURE_LIMIT tries, per account and per address, on the
Wagtail admin, the Django admin and a password-protected page; the right password is refused
too while locked, the page says so in Vietnamese, and the documented commands unlock."""

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.models import PageViewRestriction

from exemplars.models import StoryPage

LIMIT = settings.AXES_FAILURE_LIMIT
PASSWORD = "mat-khau-dung-4821"
LOGIN_URLS = ["/admin/login/", "/django-admin/login/"]


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_superuser("bientap", "bt@example.com", PASSWORD)


def login(client, url, password, username="bientap", address="203.0.113.7"):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=address)


def logged_in(client):
    return client.get("/admin/").status_code == 200


@pytest.mark.parametrize("url", LOGIN_URLS)
def test_the_right_password_is_refused_after_too_many_wrong_ones(client, editor, url):
    for _ in range(LIMIT - 1):
        assert login(client, url, "sai").status_code == 200  # the form again, with its error
    assert login(client, url, "sai").status_code == 429  # the last allowed failure locks
    response = login(client, url, PASSWORD)
    assert response.status_code == 429
    html = response.content.decode()
    assert "Tạm khóa đăng nhập" in html and f"sai mật khẩu {LIMIT} lần" in html and "1 giờ" in html
    assert not logged_in(client)

    call_command("axes_reset_username", "bientap")
    call_command("axes_reset_ip", "203.0.113.7")
    assert login(client, url, PASSWORD).status_code == 302
    assert logged_in(client)


def test_one_address_guessing_many_accounts_is_locked_out(client, editor, db):
    for n in range(LIMIT):
        login(client, "/admin/login/", "sai", username=f"khong-co-{n}")
    assert login(client, "/admin/login/", PASSWORD).status_code == 429
    # The account itself is not locked: its owner, elsewhere, still logs in.
    assert login(client, "/admin/login/", PASSWORD, address="198.51.100.2").status_code == 302


def test_one_account_guessed_from_many_addresses_is_locked(client, editor):
    for n in range(LIMIT):
        login(client, "/admin/login/", "sai", address=f"198.51.100.{n + 10}")
    assert login(client, "/admin/login/", PASSWORD, address="192.0.2.1").status_code == 429


def test_a_success_clears_the_count(client, editor):
    for _ in range(LIMIT - 1):
        login(client, "/admin/login/", "sai")
    assert login(client, "/admin/login/", PASSWORD).status_code == 302
    client.logout()
    for _ in range(LIMIT - 1):
        login(client, "/admin/login/", "sai")
    assert login(client, "/admin/login/", PASSWORD).status_code == 302


def test_guessing_a_protected_pages_password_is_throttled(client, db):
    story = StoryPage.objects.live().first()
    restriction = PageViewRestriction.objects.create(page=story, restriction_type="password", password="trang-kin")
    url = f"/_util/authenticate_with_password/{restriction.pk}/{story.pk}/"
    form = {"return_url": story.url}
    assert story.title not in client.get(story.url).content.decode()  # the password form instead
    for _ in range(LIMIT - 1):
        assert client.post(url, {**form, "password": "sai"}, REMOTE_ADDR="203.0.113.9").status_code == 200
    client.post(url, {**form, "password": "sai"}, REMOTE_ADDR="203.0.113.9")
    response = client.post(url, {**form, "password": "trang-kin"}, REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 429 and "Tạm khóa đăng nhập" in response.content.decode()
    assert story.title not in client.get(story.url).content.decode()

    # Another reader, who knows the password, is not locked out by the guesser's address...
    other = client.__class__()
    response = other.post(url, {**form, "password": "trang-kin"}, REMOTE_ADDR="198.51.100.3")
    # ...but the page's form itself is locked while someone keeps guessing it.
    assert response.status_code == 429
    call_command("axes_reset_username", f"page-password-{restriction.pk}")
    response = other.post(url, {**form, "password": "trang-kin"}, REMOTE_ADDR="198.51.100.3")
    assert response.status_code == 302
    assert story.title in other.get(story.url).content.decode()

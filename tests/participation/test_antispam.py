"""Spam and abuse on the comment form: honeypot, the self-hosted proof of work (missing, wrong,
forged, expired, replayed, for another form), floods from one address."""

import base64
import json

import pytest
from django.test import Client
from django.urls import reverse

from core import antispam
from participation.models import Comment
from tests.participation.helpers import challenge_from, post_form

pytestmark = pytest.mark.django_db

DATA = {"author_name": "Lê Văn Tám", "body": "Bài viết rất ý nghĩa với thế hệ trẻ."}


def url(page):
    return reverse("participation:comment_form", args=(page.pk,))


def assert_refused(response, message):
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Comment.objects.exists()


def test_filled_honeypot_stores_nothing(reader, story):
    response = post_form(reader, url(story), {**DATA, "website": "http://spam.example"})
    assert response.status_code == 302  # the bot is told nothing
    assert not Comment.objects.exists()


def test_missing_proof_of_work_is_a_form_error(reader, story):
    response = post_form(reader, url(story), DATA, solve_challenge=False)
    assert_refused(response, "chưa hoàn tất bước xác minh")


def test_wrong_answer_is_refused(reader, story):
    page = reader.get(url(story))
    challenge = challenge_from(page)
    right = json.loads(base64.b64decode(antispam.solve(challenge)))
    wrong = antispam.encode_solution(challenge, (right["number"] + 1) % (challenge["maxnumber"] + 1))
    response = post_form(reader, url(story), {**DATA, "altcha": wrong})
    assert_refused(response, "không đúng")


def test_forged_or_garbage_challenge_is_refused(reader, story):
    forged = {"algorithm": "SHA-256", "salt": "abc?expires=9999999999&scope=comment&", "maxnumber": 10}
    forged["challenge"] = antispam._hash(forged["salt"], 3)
    forged["signature"] = "0" * 64
    response = post_form(reader, url(story), {**DATA, "altcha": antispam.encode_solution(forged, 3)})
    assert_refused(response, "không hợp lệ")
    for garbage in (
        "not-base64!",
        base64.b64encode(b"[1, 2]").decode(),
        base64.b64encode(b'{"salt": 1}').decode(),
        "x" * 1999,
    ):
        response = post_form(reader, url(story), {**DATA, "altcha": garbage})
        assert_refused(response, "không hợp lệ")


def test_expired_challenge_is_refused(reader, story, settings):
    settings.ANTISPAM_POW_EXPIRY_SECONDS = -1  # issued already expired
    response = post_form(reader, url(story), DATA)
    assert_refused(response, "hết hạn")


def test_replayed_answer_is_refused(reader, story):
    page = reader.get(url(story))
    answer = antispam.solve(challenge_from(page))
    assert post_form(reader, url(story), {**DATA, "altcha": answer}).status_code == 302
    response = post_form(reader, url(story), {**DATA, "body": "Gửi lại lần nữa với cùng lời giải.", "altcha": answer})
    assert response.status_code == 200
    assert "đã được dùng" in response.content.decode()
    assert Comment.objects.count() == 1


def test_answer_for_another_form_is_refused(reader, story):
    other = antispam.solve(antispam.create_challenge("nomination"))
    assert_refused(post_form(reader, url(story), {**DATA, "altcha": other}), "không hợp lệ")


def test_csrf_is_required(story):
    client = Client(enforce_csrf_checks=True)
    answer = antispam.solve(antispam.create_challenge("comment"))
    assert client.post(url(story), {**DATA, "altcha": answer}).status_code == 403
    assert not Comment.objects.exists()


def test_flood_from_one_address_gets_429(story, settings):
    settings.ANTISPAM_RATE_LIMITS = {"comment": (3, 600)}
    flooder = Client(REMOTE_ADDR="203.0.113.9")
    for n in range(3):
        assert post_form(flooder, url(story), {**DATA, "body": f"Ý kiến thứ {n} của tôi."}).status_code == 302
    response = post_form(flooder, url(story), {**DATA, "body": "Ý kiến thứ tư của tôi."})
    assert response.status_code == 429
    assert "Bạn gửi quá nhiều lần" in response.content.decode()
    assert Comment.objects.count() == 3
    # Another reader is not affected.
    assert post_form(Client(REMOTE_ADDR="198.51.100.7"), url(story), DATA).status_code == 302


def test_client_ip_header_behind_a_proxy(story, settings):
    settings.ANTISPAM_RATE_LIMITS = {"comment": (1, 600)}
    settings.CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    proxy = "10.0.0.1"
    first = Client(REMOTE_ADDR=proxy, HTTP_X_REAL_IP="203.0.113.1")
    second = Client(REMOTE_ADDR=proxy, HTTP_X_REAL_IP="203.0.113.2")
    assert post_form(first, url(story), DATA).status_code == 302
    assert post_form(second, url(story), DATA).status_code == 302
    assert post_form(first, url(story), DATA).status_code == 429


def test_huge_request_is_a_400_not_a_5xx(reader, story):
    reader.get(url(story))
    response = reader.post(
        url(story), {**DATA, "body": "x" * 3_000_000, "csrfmiddlewaretoken": reader.cookies["csrftoken"].value}
    )
    assert response.status_code == 400
    assert not Comment.objects.exists()


def test_editorial_groups_may_moderate(db):
    from django.contrib.auth.models import Group

    from newsroom.roles import roles_with

    assert roles_with("participation.change_comment") == ["Biên tập viên", "Lãnh đạo duyệt", "Quản trị"]
    for name in roles_with("participation.change_comment"):
        codenames = set(Group.objects.get(name=name).permissions.values_list("codename", flat=True))
        assert {"change_comment", "change_nomination", "view_nomination"} <= codenames, name
    codenames = set(Group.objects.get(name="Phóng viên").permissions.values_list("codename", flat=True))
    assert not codenames & {"change_comment", "view_nomination"}


def test_absurd_ids_are_404s_and_form_errors(reader, story):
    huge = "9" * 30
    assert reader.get(f"/y-kien/{huge}/").status_code == 404
    assert reader.get(url(story) + f"?tra-loi={huge}").status_code == 200
    response = post_form(reader, url(story), {**DATA, "parent": huge})
    assert response.status_code == 200 and not Comment.objects.exists()

"""Readers subscribing through the real form, and the mails they get (Django's locmem outbox)."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.test import Client

from core import periodic
from newsletter.models import Subscriber
from tests.participation.helpers import post_form

VN = ZoneInfo("Asia/Ho_Chi_Minh")
# A Monday: the default send day (NEWSLETTER_SEND_WEEKDAY = 0) at 07:30, after the 07:00 send hour.
MONDAY_MORNING = datetime(2030, 1, 7, 7, 30, tzinfo=VN)


def subscribe(client, email, movement=None, solve_challenge=True, **fields):
    """Post the form as a browser does; `fields` adds or overrides fields (honeypot, answer)."""
    data = {"email": email, "movement": movement.pk if movement else "", **fields}
    return post_form(client, "/ban-tin/", data, solve_challenge=solve_challenge)


def link_in(message, path_prefix) -> str:
    """The path of the first link in a mail's text part that starts with `path_prefix`."""
    match = re.search(r"https?://[^/\s]+(" + re.escape(path_prefix) + r"[^\s]+)", message.body)
    assert match, f"no {path_prefix} link in: {message.body}"
    return match.group(1)


def confirmed_subscriber(email, movement=None) -> Subscriber:
    """A reader who subscribed and clicked "Xác nhận đăng ký" in the mail."""
    client = Client(enforce_csrf_checks=True)
    assert subscribe(client, email, movement).status_code == 302
    confirm = link_in(mail.outbox[-1], "/ban-tin/xac-nhan/")
    client.get(confirm)
    response = client.post(confirm, {"csrfmiddlewaretoken": client.cookies["csrftoken"].value})
    assert response.status_code == 200
    subscriber = Subscriber.objects.with_email(email).get()
    assert subscriber.status == Subscriber.Status.ACTIVE
    return subscriber


def run_job(name):
    """Run a periodic job the way `manage.py run_worker` does."""
    job = next(j for j in periodic.all_jobs() if j.name == name)
    assert periodic.run_job(job)


def logged_in(role=None, superuser=False):
    """An admin client for a new user in the newsroom group `role` (or a superuser)."""
    User = get_user_model()
    if superuser:
        user = User.objects.create_superuser("quan-tri-vien", "qt@example.com", "x")
    else:
        user = User.objects.create_user(f"user-{role}", password="x")
        user.groups.add(Group.objects.get(name=role))
    client = Client()
    client.force_login(user)
    return client

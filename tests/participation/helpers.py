"""Posting to readers' forms the way a browser does: fetch the form (CSRF cookie and a fresh
challenge), really solve the proof of work, post."""

import json
import re

from core.antispam import solve

_CHALLENGE = re.compile(r'<script id="pow-challenge" type="application/json">(.*?)</script>', re.S)


def challenge_from(response) -> dict:
    match = _CHALLENGE.search(response.content.decode())
    assert match, "the form page carries no proof-of-work challenge"
    return json.loads(match.group(1))


def post_form(client, url, data, *, solve_challenge=True, form_url=None, **extra):
    """GET the form, solve its challenge, POST `data` (plus the answer) with a CSRF token."""
    page = client.get(form_url or url)
    assert page.status_code == 200
    token = client.cookies["csrftoken"].value
    payload = {"csrfmiddlewaretoken": token, **data}
    if solve_challenge:
        payload.setdefault("altcha", solve(challenge_from(page)))
    return client.post(url, payload, **extra)

"""Rate limits and single-use anti-spam challenges hold across web workers: a replayed answer
or an eleventh comment is refused whichever worker gets it (shared cache: the database table on
the embedded default, Redis in production)."""

import http.cookiejar
import json
import re
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest

from core.antispam import solve
from tests.deployment.harness import parallel

pytestmark = pytest.mark.deployment


class Browser:
    def __init__(self, site):
        self.site = site
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def open(self, path, data=None):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.site.base + path, data=body, headers={"Referer": self.site.base + path})
        try:
            with self.opener.open(request, timeout=20) as answer:
                return answer.status, answer.geturl(), answer.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, path, error.read().decode(errors="replace")


def test_a_used_challenge_and_the_rate_limit_hold_in_every_worker(processes):
    site = processes
    site.start_web(workers=2)
    page_id = site.shell(
        "import json; from exemplars.models import StoryPage; print(json.dumps(StoryPage.objects.live().first().pk))"
    )
    # The count is per fixed 10-minute window: a test crossing a window's end would start over.
    window_left = 600 - time.time() % 600  # settings.ANTISPAM_RATE_LIMITS["comment"][1]
    if window_left < 60:
        time.sleep(window_left + 1)
    reader = Browser(site)
    path = f"/y-kien/{page_id}/"
    _, _, form = reader.open(path)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    challenge = json.loads(
        re.search(r'<script id="pow-challenge" type="application/json">(.*?)</script>', form, re.S).group(1)
    )
    answer = {
        "csrfmiddlewaretoken": token,
        "author_name": "Bạn đọc",
        "altcha": solve(challenge),
        "body": "Câu chuyện rất cảm động, cảm ơn tòa soạn đã giới thiệu.",
    }

    status, where, _ = reader.open(path, answer)
    assert status == 200 and where.endswith("/da-gui/")  # accepted, waiting for moderation
    # Replayed two at a time, so both workers get some.
    for status, where, body in parallel([lambda: reader.open(path, answer)] * 6):
        assert status == 200 and not where.endswith("/da-gui/") and "đã được dùng" in body

    attempts, limit = 7, 10  # settings.ANTISPAM_RATE_LIMITS["comment"]
    statuses = [reader.open(path, answer)[0] for _ in range(limit - attempts)]
    assert statuses == [200] * (limit - attempts)
    assert [status for status, _, _ in parallel([lambda: reader.open(path, answer)] * 4)] == [429] * 4  # every worker
    comments = site.shell(
        f"import json; from participation.models import Comment; "
        f"print(json.dumps(Comment.objects.filter(page_id={page_id}, author_name='Bạn đọc').count()))"
    )
    assert comments == 1

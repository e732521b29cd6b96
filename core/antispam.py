"""Protection for every public form, with no third-party service (the site must work where
Google is unreachable): a honeypot field, a self-hosted proof-of-work challenge, per-IP rate
limits and size limits. CSRF is Django's.

Proof of work, ALTCHA-style: the server picks a random salt (carrying its expiry and the form it
is for) and a secret number n ≤ max_number, and sends ``challenge = sha256(salt + n)`` with an
HMAC signature of it. The browser (site/static/js/participation.js) tries 0, 1, 2… until the
hash matches, which costs it a second or two and a bot farm a lot. The server checks the
signature, the expiry, the answer and that the challenge has not been used before; nothing is
stored until it is used.
"""

import base64
import hashlib
import hmac
import json
import secrets
import time
from urllib.parse import parse_qs

from django import forms
from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.template.loader import render_to_string

from core.cache import mark_once
from core.http import client_ip
from core.resilience import ServiceUnavailable

ALGORITHM = "SHA-256"


def _setting(name, default):
    return getattr(settings, name, default)


def _sign(challenge: str) -> str:
    key = hashlib.sha256(f"participation-pow:{settings.SECRET_KEY}".encode()).digest()
    return hmac.new(key, challenge.encode(), hashlib.sha256).hexdigest()


def _hash(salt: str, number: int) -> str:
    return hashlib.sha256(f"{salt}{number}".encode()).hexdigest()


def create_challenge(scope: str) -> dict:
    max_number = _setting("ANTISPAM_POW_MAX_NUMBER", 50_000)
    expires = int(time.time()) + _setting("ANTISPAM_POW_EXPIRY_SECONDS", 1800)
    salt = f"{secrets.token_hex(12)}?expires={expires}&scope={scope}&"
    challenge = _hash(salt, secrets.randbelow(max_number + 1))
    return {
        "algorithm": ALGORITHM,
        "challenge": challenge,
        "maxnumber": max_number,
        "salt": salt,
        "signature": _sign(challenge),
    }


def solve(challenge: dict) -> str:
    """The browser's work, in Python: for tests and for anyone scripting a legitimate client."""
    for number in range(challenge["maxnumber"] + 1):
        if _hash(challenge["salt"], number) == challenge["challenge"]:
            return encode_solution(challenge, number)
    raise ValueError("challenge has no solution")


def encode_solution(challenge: dict, number: int) -> str:
    payload = {k: challenge[k] for k in ("algorithm", "challenge", "salt", "signature")}
    payload["number"] = number
    return base64.b64encode(json.dumps(payload).encode()).decode()


class ChallengeError(Exception):
    pass


def verify_solution(encoded: str, scope: str) -> None:
    """Raises ChallengeError (with a reader-facing Vietnamese message) unless `encoded` is a
    correct, unexpired, unused answer to a challenge this server issued for `scope`."""
    if not encoded:
        raise ChallengeError(
            "Trình duyệt chưa hoàn tất bước xác minh chống thư rác. Vui lòng bật JavaScript, đợi vài giây rồi gửi lại."
        )
    try:
        payload = json.loads(base64.b64decode(encoded, validate=True))
        salt, challenge, signature = str(payload["salt"]), str(payload["challenge"]), str(payload["signature"])
        number = int(payload["number"])
        params = parse_qs(salt.split("?", 1)[1])
        expires = int(params["expires"][0])
        challenge_scope = params["scope"][0]
    except (ValueError, TypeError, KeyError, IndexError, AttributeError):
        raise ChallengeError("Bước xác minh chống thư rác không hợp lệ. Vui lòng gửi lại.") from None
    if not hmac.compare_digest(_sign(challenge), signature) or challenge_scope != scope:
        raise ChallengeError("Bước xác minh chống thư rác không hợp lệ. Vui lòng gửi lại.")
    remaining = expires - int(time.time())
    if remaining <= 0:
        raise ChallengeError("Phiên xác minh đã hết hạn. Vui lòng gửi lại.")
    if not 0 <= number <= _setting("ANTISPAM_POW_MAX_NUMBER", 50_000) or _hash(salt, number) != challenge:
        raise ChallengeError("Bước xác minh chống thư rác không đúng. Vui lòng gửi lại.")
    # Single use, in every process: the mark is atomic (Redis; a primary key in the database
    # cache), so of two racing replays only one wins. While Redis is unreachable the signature,
    # expiry and work are still checked, but not single use: readers can still post.
    if not mark_once(f"antispam:pow-used:{signature}", remaining + 60):
        raise ChallengeError("Bước xác minh này đã được dùng. Vui lòng gửi lại.")


# --- rate limits -----------------------------------------------------------------------


def rate_limited(request, scope: str) -> bool:
    """Counts one attempt for this address and scope; True once it is over the limit
    settings.ANTISPAM_RATE_LIMITS[scope] = (attempts, seconds) in a fixed window."""
    attempts, seconds = _setting("ANTISPAM_RATE_LIMITS", {}).get(scope, (10, 600))
    window = int(time.time() // seconds)
    address = hashlib.sha256(client_ip(request).encode()).hexdigest()[:24]  # no raw IP in the cache
    key = f"antispam:rate:{scope}:{address}:{window}"
    shared = caches["shared"]  # one count for every process (settings: CACHES)
    try:
        if shared.add(key, 1, seconds):
            count = 1
        else:
            try:
                count = shared.incr(key)
            except ValueError:  # expired between add and incr
                shared.add(key, 1, seconds)
                count = 1
    except ServiceUnavailable:  # Redis is down: not counted rather than nobody allowed
        return False
    return count > attempts


def too_many_requests(request) -> HttpResponse:
    body = render_to_string("forms/too_many_requests.html", request=request)
    response = HttpResponse(body, status=429)
    response["Retry-After"] = "600"
    return response


# --- the form mixin ----------------------------------------------------------------------

HONEYPOT_FIELD = "website"


class ProtectedFormMixin:
    """Adds the honeypot and the proof-of-work answer to a form. Set `antispam_scope`; the view
    passes a fresh `challenge` (create_challenge) to the template for every rendering.

    `is_spam` is True when the honeypot was filled: the view then pretends success and stores
    nothing, so the bot learns nothing."""

    antispam_scope = "form"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[HONEYPOT_FIELD] = forms.CharField(
            label="Để trống ô này",
            required=False,
            max_length=200,
            widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
        )
        self.fields["altcha"] = forms.CharField(required=False, max_length=2000, widget=forms.HiddenInput)

    @property
    def is_spam(self) -> bool:
        return bool(self.data.get(HONEYPOT_FIELD))

    def clean(self):
        cleaned = super().clean()
        if not self._errors:  # only a form that would be saved spends its challenge
            try:
                verify_solution(self.data.get("altcha", ""), self.antispam_scope)
            except ChallengeError as error:
                raise forms.ValidationError(str(error), code="challenge") from error
        return cleaned

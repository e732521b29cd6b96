"""The signed tokens in the links of every mail. Both carry the subscriber's random key, never
the address; the confirmation token also carries the movement chosen on the form and expires
after settings.NEWSLETTER_CONFIRM_DAYS. The unsubscribe token does not expire."""

from django.conf import settings
from django.core import signing

from newsletter.models import Subscriber

CONFIRM_SALT = "newsletter.confirm"
UNSUBSCRIBE_SALT = "newsletter.unsubscribe"


class InvalidToken(Exception):
    """A link that cannot be used, with the reason a reader should be told."""


def confirm_token(subscriber, movement_id=None) -> str:
    return signing.dumps({"k": subscriber.key, "m": movement_id}, salt=CONFIRM_SALT)


def unsubscribe_token(subscriber) -> str:
    return signing.dumps({"k": subscriber.key}, salt=UNSUBSCRIBE_SALT)


def _load(token, salt, max_age=None) -> dict:
    try:
        data = signing.loads(token, salt=salt, max_age=max_age)
    except signing.SignatureExpired:
        raise InvalidToken("expired") from None
    except signing.BadSignature:
        raise InvalidToken("invalid") from None
    if not isinstance(data, dict) or not isinstance(data.get("k"), str):
        raise InvalidToken("invalid")
    return data


def read_confirm_token(token) -> tuple[Subscriber, int | None]:
    data = _load(token, CONFIRM_SALT, max_age=settings.NEWSLETTER_CONFIRM_DAYS * 86400)
    subscriber = Subscriber.objects.filter(key=data["k"]).first()
    if subscriber is None:  # erased meanwhile
        raise InvalidToken("invalid")
    movement_id = data.get("m")
    return subscriber, movement_id if isinstance(movement_id, int) else None


def read_unsubscribe_token(token) -> Subscriber | None:
    """The subscriber, or None when the row has been erased (already unsubscribed long ago)."""
    data = _load(token, UNSUBSCRIBE_SALT)
    return Subscriber.objects.filter(key=data["k"]).first()

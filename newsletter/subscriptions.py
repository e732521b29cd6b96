"""What happens when a reader asks to subscribe: the same answer whatever the address's state
(nothing reveals whether it is subscribed), and a confirmation mail to that address, which is
the only way to become, or stay, a subscriber with a new choice of movement."""

import hashlib

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from core.cache import mark_once
from newsletter.models import Subscriber, normalise_email


def request_subscription(email: str, movement=None) -> None:
    email = normalise_email(email)
    subscriber = Subscriber.objects.with_email(email).first()
    if subscriber is None:
        try:
            with transaction.atomic():
                subscriber = Subscriber.objects.create(email=email)
        except IntegrityError:  # the same address, twice at once
            subscriber = Subscriber.objects.with_email(email).get()
    else:
        subscriber.requested_at = timezone.now()
        subscriber.save(update_fields=["requested_at"])
    # One confirmation mail per address per window, so the form cannot be used to flood
    # somebody else's mailbox; the reader sees the same page either way.
    address = hashlib.sha256(email.lower().encode()).hexdigest()[:24]
    if mark_once(f"newsletter:confirmation-sent:{address}", settings.NEWSLETTER_CONFIRM_RESEND_SECONDS):
        from newsletter.tasks import send_confirmation

        send_confirmation.enqueue(subscriber.pk, movement.pk if movement else None)

"""Work that must not be lost when a partner service is down (Elasticsearch, a WebSub hub):
the pending-table pattern of core.periodic in one place.

An app's model inherits PendingWork; `mark` records keys to process (in the transaction of
the change that needs them), `drain` processes the due rows, deleting each once `send`
succeeded; on the first failure the rest wait with the error and a delay that doubles up to
MAX_DELAY. Nothing is dropped after N attempts: a row waits until the service is back."""

import logging
from datetime import timedelta

from django.db import models
from django.utils import timezone

logger = logging.getLogger(__name__)
MAX_DELAY = timedelta(hours=1)


class PendingWork(models.Model):
    queued_at = models.DateTimeField("thời điểm ghi", auto_now=True)
    attempts = models.PositiveIntegerField("số lần đã thử", default=0)
    next_attempt_at = models.DateTimeField("lần thử tới", db_index=True)
    last_error = models.TextField("lỗi gần nhất", blank=True)

    class Meta:
        abstract = True


def delay(attempts: int) -> timedelta:
    """1, 2, 4, 8… minutes after the 1st, 2nd, 3rd… failure, at most MAX_DELAY."""
    return min(timedelta(minutes=2 ** (max(attempts, 1) - 1)), MAX_DELAY)


def mark(model, field: str, keys, due=None) -> None:
    """Record keys (values of the model's unique `field`) as due at `due` (default: now)."""
    due = due or timezone.now()
    for key in dict.fromkeys(keys):
        model.objects.update_or_create(
            **{field: key}, defaults={"attempts": 0, "next_attempt_at": due, "last_error": ""}
        )


def drain(model, send, *, what: str, batch: int = 500) -> tuple[int, int]:
    """send(row) for the due rows, oldest first; returns (sent, still waiting). Stops at the
    first failure: when the service is down every row would fail the same way."""
    now = timezone.now()
    due = list(model.objects.filter(next_attempt_at__lte=now).order_by("next_attempt_at", "pk")[:batch])
    sent = 0
    for index, row in enumerate(due):
        try:
            send(row)
        except Exception as exc:
            failed = due[index:]
            for pending in failed:
                pending.attempts += 1
                pending.next_attempt_at = now + delay(pending.attempts)
                pending.last_error = f"{exc.__class__.__name__}: {exc}"[:1000]
            model.objects.bulk_update(failed, ["attempts", "next_attempt_at", "last_error"])
            logger.warning(
                "%s failed for %s item(s), retrying in %s: %s", what, len(failed), delay(due[index].attempts), exc
            )
            break
        # Only if nothing re-marked the row meanwhile (that newer change must still be sent).
        model.objects.filter(pk=row.pk, queued_at=row.queued_at).delete()
        sent += 1
    return sent, model.objects.count()

"""Periodic jobs: work that must happen on a clock with nobody present (scheduled publishing,
retrying what failed while a partner service was down, weekly newsletters, data retention).

Apps register jobs in AppConfig.ready(); `manage.py run_worker` runs each one when due and
drains the django-tasks queue in between. Jobs must be idempotent and cheap when there is
nothing to do: the worker runs every job once at start and then every `every`.

Work that must not be lost (an index update, a hub ping, a mail) follows one pattern: write a
row to an app's own pending table in the same transaction as the change, enqueue a task that
processes the table, and register a periodic job that processes it again; a failure leaves
the row (with its attempt count and error) for the next round."""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    every: timedelta
    run: Callable[[], object]


_jobs: dict[str, PeriodicJob] = {}


def register(name: str, every: timedelta, run: Callable[[], object]) -> None:
    _jobs[name] = PeriodicJob(name, every, run)


def all_jobs() -> list[PeriodicJob]:
    return list(_jobs.values())


def run_job(job: PeriodicJob) -> bool:
    """Run one job, logging (never raising) a failure so that one broken job does not stop
    the others. Returns whether it succeeded."""
    try:
        job.run()
        return True
    except Exception:
        logger.exception("Periodic job %s failed; it runs again in %s", job.name, job.every)
        return False


def publish_scheduled() -> None:
    """Wagtail's own command: publishes pages whose go-live time has come and unpublishes
    expired ones."""
    from django.core.management import call_command

    call_command("publish_scheduled", verbosity=0)


register("publish_scheduled", timedelta(minutes=1), publish_scheduled)


def retry_failed_tasks() -> int:
    """A background task that failed (the database was busy, a service was down) runs again,
    after 1, 2, 4… minutes (core.outbox.delay), up to settings.TASK_MAX_ATTEMPTS runs in all;
    then it stays failed, with its traceback, for an administrator. Returns how many were
    queued again. Our tasks and Wagtail's are idempotent, so a second run is safe."""
    from django.conf import settings
    from django.utils import timezone

    if not settings.TASKS["default"]["BACKEND"].startswith("django_tasks_db"):
        return 0
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from core.outbox import delay

    now = timezone.now()
    again = 0
    for result in DBTaskResult.objects.failed().filter(finished_at__gte=now - timedelta(days=2)):
        runs = len(result.worker_ids)  # each run appends its worker's id
        if runs >= settings.TASK_MAX_ATTEMPTS or result.finished_at + delay(runs) > now:
            continue
        queued = DBTaskResult.objects.filter(pk=result.pk, status=TaskResultStatus.FAILED).update(
            status=TaskResultStatus.READY,
            run_after=now,
            started_at=None,
            finished_at=None,
            exception_class_path="",
            traceback="",
        )
        if queued:
            logger.warning(
                "Task %s failed (run %s of %s); queued again", result.task_path, runs, settings.TASK_MAX_ATTEMPTS
            )
            again += 1
    return again


register("retry_failed_tasks", timedelta(minutes=1), retry_failed_tasks)

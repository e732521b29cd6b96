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

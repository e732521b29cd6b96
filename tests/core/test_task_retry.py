"""A background task that failed (the database was busy, a service down) runs again later,
through the real database queue and worker."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks import task

from core.periodic import retry_failed_tasks

RUNS = []


@task()
def flaky_task() -> str:
    RUNS.append(timezone.now())
    if len(RUNS) == 1:
        raise RuntimeError("database is locked")
    return "done"


@pytest.fixture
def database_queue(settings):
    from django_tasks import default_task_backend

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    RUNS.clear()
    yield default_task_backend


def test_a_failed_task_runs_again_after_its_delay(db, database_queue):
    from django_tasks_db.models import DBTaskResult

    flaky_task.enqueue()
    call_command("run_worker", "--once", stdout=io.StringIO())
    result = DBTaskResult.objects.get(task_path__endswith="flaky_task")
    assert result.status == "FAILED" and len(RUNS) == 1

    assert retry_failed_tasks() == 0  # not before its delay (1 minute after the first failure)
    DBTaskResult.objects.filter(pk=result.pk).update(finished_at=timezone.now() - timedelta(minutes=2))
    assert retry_failed_tasks() == 1
    call_command("run_worker", "--once", stdout=io.StringIO())
    result.refresh_from_db()
    assert result.status == "SUCCESSFUL" and result.return_value == "done" and len(RUNS) == 2


def test_a_task_that_keeps_failing_stops_after_the_last_attempt(db, database_queue, settings):
    from django_tasks_db.models import DBTaskResult

    settings.TASK_MAX_ATTEMPTS = 1
    flaky_task.enqueue()
    call_command("run_worker", "--once", stdout=io.StringIO())
    DBTaskResult.objects.update(finished_at=timezone.now() - timedelta(hours=1))
    assert retry_failed_tasks() == 0
    assert DBTaskResult.objects.get().status == "FAILED"

"""/health/: the state of what the site needs, for load balancers and monitoring;
/health/live/: the process answers (no check at all: liveness, and the benchmarks' ceiling).

JSON naming the state of the database, the cache, the search engine and the queue; 200 when
all is well, 503 otherwise. Every check is bounded by the services' short timeouts
(core.resilience) and never raises. Apps add checks in AppConfig.ready() (`register`), so
core names no app: search registers the engine's check."""

import time
from collections.abc import Callable
from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache

from core import resilience
from core.outbox import PendingWork

# A row of a pending table still waiting this long after it was due means the worker is not
# running or a service has been down that long.
OVERDUE_AFTER = timedelta(minutes=15)

_checks: dict[str, Callable[[], dict]] = {}


def register(name: str, check: Callable[[], dict]) -> None:
    """check() returns at least {"status": "ok" | "error"}."""
    _checks[name] = check


def database() -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return {"status": "ok", "vendor": connection.vendor}


def cache() -> dict:
    backend = caches["default"]
    if isinstance(backend, resilience.ResilientRedisCache):
        try:
            backend.breaker.call(backend.ping)
        except resilience.ServiceUnavailable as error:
            return {"status": "error", "backend": "redis", "error": str(error)}
        return {"status": "ok", "backend": "redis"}
    return {"status": "ok", "backend": type(backend).__name__}


def queue() -> dict:
    """Rows of every pending table (core.outbox) and the background tasks."""
    now = timezone.now()
    waiting = overdue = 0
    for model in apps.get_models():
        if issubclass(model, PendingWork):
            waiting += model.objects.count()
            overdue += model.objects.filter(next_attempt_at__lt=now - OVERDUE_AFTER).count()
    state = {"status": "ok" if not overdue else "error", "waiting": waiting, "overdue": overdue}
    if settings.TASKS["default"]["BACKEND"].startswith("django_tasks_db"):
        from django_tasks_db.models import DBTaskResult

        tasks = DBTaskResult.objects
        state["tasks_ready"] = tasks.ready().count()
        state["tasks_failed"] = tasks.failed().count()
        stuck = tasks.ready().filter(run_after__lt=now - OVERDUE_AFTER).count()
        state["tasks_overdue"] = stuck
        if stuck:
            state["status"] = "error"
    return state


register("database", database)
register("cache", cache)
register("queue", queue)


@never_cache
def health(request) -> JsonResponse:
    report, started = {}, time.monotonic()
    for name, check in _checks.items():
        try:
            report[name] = check()
        except Exception as error:  # a check must report, never take the endpoint down
            report[name] = {"status": "error", "error": f"{type(error).__name__}: {error}"[:300]}
    healthy = all(state.get("status") == "ok" for state in report.values())
    body = {"status": "ok" if healthy else "error", **report, "seconds": round(time.monotonic() - started, 3)}
    return JsonResponse(body, status=200 if healthy else 503, json_dumps_params={"ensure_ascii": False})


@never_cache
def live(request) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")

"""Shared services that fail or hang (Redis, Elasticsearch, a WebSub hub, SMTP) slow the site at
most; they never take it down.

- Every call to such a service has a short timeout (settings.SERVICE_TIMEOUTS).
- A CircuitBreaker per service and process: after a failure the service is skipped, so readers
  get the fallback at once instead of each waiting for a timeout. Every `retry_after` seconds a
  probe (a ping, in a background thread: no reader waits for it) checks whether it is back; a
  breaker without a probe lets one real call through instead.
- One log line when a service goes down and one when it is back, not a traceback per request.

ResilientRedisCache is Django's Redis cache behind such a breaker: while Redis is unreachable a
read is a miss and a write is skipped, so pages are rendered (slower) and editors can log in;
it recovers by itself when Redis returns.
"""

import logging
import threading
import time

from django.conf import settings
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger("gs.services")


class ServiceUnavailable(Exception):
    """A shared service failed, or its breaker is open: use the fallback."""


def timeout(service: str) -> float:
    """Seconds to wait for `service` ("elasticsearch", "redis", "websub", "smtp")."""
    return float(settings.SERVICE_TIMEOUTS[service])


class CircuitBreaker:
    def __init__(self, name: str, retry_after: float | None = None, probe=None):
        self.name = name
        self.probe = probe  # a cheap call that raises unless the service answers
        self._retry_after = retry_after
        self._lock = threading.Lock()
        self._down_since: float | None = None
        self._next_try = 0.0
        self._in_flight: dict[int, float] = {}  # call id → when it started

    @property
    def retry_after(self) -> float:
        return self._retry_after if self._retry_after is not None else float(settings.SERVICE_RETRY_SECONDS)

    @property
    def is_down(self) -> bool:
        return self._down_since is not None

    def allows(self) -> bool:
        """False while the service is known to be down. When it is time to try again, the probe
        runs in the background (or, without a probe, exactly one caller gets True)."""
        if self._down_since is None:
            return True
        with self._lock:
            now = time.monotonic()
            if now < self._next_try:
                return False
            self._next_try = now + self.retry_after
        if self.probe is None:
            return True
        threading.Thread(target=self._run_probe, name=f"probe {self.name}", daemon=True).start()
        return False

    def _run_probe(self) -> None:
        try:
            self.probe()
        except Exception as error:  # still down: wait for the next retry time
            self.failed(error)
        else:
            self.succeeded()

    def failed(self, error: BaseException) -> None:
        with self._lock:
            first = self._down_since is None
            if first:
                self._down_since = time.monotonic()
            self._next_try = time.monotonic() + self.retry_after
        if first:
            logger.error(
                "%s is unavailable (%s: %s); using the fallback, retrying every %ss",
                self.name,
                type(error).__name__,
                error,
                int(self.retry_after),
            )

    def succeeded(self) -> None:
        if self._down_since is None:
            return
        with self._lock:
            down_since, self._down_since = self._down_since, None
        if down_since is not None:
            logger.warning("%s is back after %.1f s", self.name, time.monotonic() - down_since)

    def waiting_too_long(self) -> bool:
        """A call in flight has waited longer than settings.SERVICE_SLOW_SECONDS: the service is
        probably hanging, so other threads should not queue behind it until its timeout."""
        started = min(self._in_flight.values(), default=None)
        return started is not None and time.monotonic() - started > settings.SERVICE_SLOW_SECONDS

    def call(self, function, *args, errors=(Exception,), **kwargs):
        """function(*args, **kwargs), or ServiceUnavailable: at once while the breaker is open or
        another call has been waiting too long, or when the call raised one of `errors` (other
        exceptions pass through untouched)."""
        if not self.allows() or self.waiting_too_long():
            raise ServiceUnavailable(f"{self.name} is unavailable")
        call_id = object()
        self._in_flight[id(call_id)] = time.monotonic()
        try:
            result = function(*args, **kwargs)
        except errors as error:
            self.failed(error)
            raise ServiceUnavailable(f"{self.name}: {error}") from error
        finally:
            self._in_flight.pop(id(call_id), None)
        self.succeeded()
        return result


_breakers: dict[str, CircuitBreaker] = {}
_breakers_lock = threading.Lock()


def breaker(name: str, probe=None) -> CircuitBreaker:
    """The process's breaker for one service, made on first use."""
    with _breakers_lock:
        if name not in _breakers:
            _breakers[name] = CircuitBreaker(name, probe=probe)
        return _breakers[name]


def reset_breakers() -> None:
    """Forget every outage (tests: each starts with every service presumed up)."""
    with _breakers_lock:
        _breakers.clear()


class ResilientRedisCache(RedisCache):
    """Django's RedisCache with short timeouts and a breaker. By default a failure is a miss (a
    read answers `default`, a write does nothing). With OPTIONS {"STRICT": True} (the "shared"
    cache: rate limits, single-use challenges) failures raise ServiceUnavailable instead, so the
    caller decides; see core.antispam."""

    def __init__(self, server, params):
        options = dict(params.get("OPTIONS") or {})
        self.strict = bool(options.pop("STRICT", False))
        seconds = timeout("redis")
        options.setdefault("socket_connect_timeout", seconds)
        options.setdefault("socket_timeout", seconds)
        options.setdefault("health_check_interval", 30)
        super().__init__(server, {**params, "OPTIONS": options})
        self._breaker_name = f"Redis ({server})"

    @property
    def breaker(self) -> CircuitBreaker:
        # Django makes a cache object per thread; the breaker is the process's, per server.
        return _breakers.get(self._breaker_name) or breaker(self._breaker_name, self.ping)

    def ping(self) -> None:
        """Raises unless Redis answers (the breaker's probe, /health/)."""
        self._cache.get_client(write=True).ping()


# What each cache call answers while Redis is unreachable (non-strict caches).
_FALLBACKS = {
    "get": lambda key, default=None, version=None: default,
    "get_many": lambda *args, **kwargs: {},
    "has_key": lambda *args, **kwargs: False,
    "set": lambda *args, **kwargs: None,
    "set_many": lambda *args, **kwargs: [],
    "add": lambda *args, **kwargs: False,
    "touch": lambda *args, **kwargs: False,
    "delete": lambda *args, **kwargs: False,
    "delete_many": lambda *args, **kwargs: None,
    "incr": lambda key, delta=1, version=None: delta,
    "clear": lambda *args, **kwargs: None,
}


def _guarded(name, fallback):
    def method(self, *args, **kwargs):
        try:
            return self.breaker.call(getattr(RedisCache, name), self, *args, errors=(RedisError, OSError), **kwargs)
        except ServiceUnavailable:
            if self.strict:
                raise
            return fallback(*args, **kwargs)

    method.__name__ = name
    return method


for _name, _fallback in _FALLBACKS.items():
    setattr(ResilientRedisCache, _name, _guarded(_name, _fallback))

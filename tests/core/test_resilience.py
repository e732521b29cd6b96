"""core.resilience without a network: a Redis cache whose server is gone answers as a miss at
once, the strict one says so, and the outage is logged once."""

import logging
import time

import pytest

from core.resilience import ResilientRedisCache, ServiceUnavailable, breaker
from tests.deployment.harness import free_port


def dead_redis(strict=False):
    url = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there
    return ResilientRedisCache(url, {"OPTIONS": {"STRICT": strict}} if strict else {})


def test_a_dead_redis_is_a_miss_and_is_logged_once(caplog):
    cache = dead_redis()
    with caplog.at_level(logging.ERROR, logger="gs.services"):
        started = time.monotonic()
        for _ in range(50):
            assert cache.get("page:x") is None
            assert cache.get("page:x", "fallback") == "fallback"
            cache.set("page:x", b"body", 60)
            assert cache.add("page:y", 1) is False
            assert cache.get_many(["a", "b"]) == {}
        assert time.monotonic() - started < 1  # no timeout paid per call
    assert caplog.text.count("is unavailable") == 1


def test_the_strict_cache_tells_the_caller():
    with pytest.raises(ServiceUnavailable):
        dead_redis(strict=True).add("antispam:x", 1, 60)


def test_a_probe_closes_the_breaker_in_the_background(settings):
    settings.SERVICE_RETRY_SECONDS = 0
    up = {"now": False}

    def probe():
        if not up["now"]:
            raise ConnectionError("still down")

    service = breaker("test service", probe=probe)
    service.failed(ConnectionError("down"))
    assert service.allows() is False  # the probe runs, the caller does not wait for it
    up["now"] = True
    deadline = time.monotonic() + 5
    while service.is_down and time.monotonic() < deadline:
        service.allows()
        time.sleep(0.05)
    assert not service.is_down and service.allows()

import os
import re
import shutil

import pytest

from tests.deployment.harness import new_deployment


def suite_database_kind() -> str:
    return "postgresql" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite"


def suite_redis_url() -> str:
    """The suite's Redis (REDIS_URL, set by .ci/run for the PostgreSQL run) on another database
    number than the in-process tests use, or "" for the embedded default (in-process caches)."""
    url = os.environ.get("REDIS_URL", "")
    return re.sub(r"/\d+$", "", url) + "/14" if url else ""


@pytest.fixture(scope="module")
def deployment():
    """One site per test module: SQLite without Redis (what `make run` is) in the SQLite run;
    PostgreSQL with the Redis at REDIS_URL (production) in the PostgreSQL run."""
    site, drop = new_deployment(suite_database_kind())
    if suite_redis_url():
        import redis

        redis.Redis.from_url(suite_redis_url()).flushdb()
        site.env_extra["REDIS_URL"] = suite_redis_url()
    try:
        yield site
    finally:
        site.stop_all()
        drop()
        shutil.rmtree(site.tmp, ignore_errors=True)


@pytest.fixture
def processes(deployment):
    """Whatever a test starts is stopped after it, even when it fails."""
    yield deployment
    deployment.stop_all()

"""A task for tests/deployment that fails on its first run, as a task does when the database
is busy or a service is down; its runs are counted in a file, since each runs in the worker."""

import os
from pathlib import Path

from django_tasks import task


@task()
def fails_once(marker: str) -> str:
    path = Path(marker)
    runs = int(path.read_text()) + 1 if path.exists() else 1
    path.write_text(str(runs))
    if runs == 1:
        raise RuntimeError("database is locked")
    return f"done in run {runs} (pid {os.getpid()})"

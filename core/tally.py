"""Counts gathered in memory and written in batches: what a request counts (a read of an
article, a search) never waits for the database.

A Tally adds one to a key in this process's memory (a Counter, a few microseconds); a
background thread of the process writes what it gathered every `flush_setting` seconds in one
call of `write` (one transaction), and again when the process exits. So the database sees a
few small writes a second whatever the traffic; a busy SQLite write lock (an import, the
worker) or a slow database delays a flush and never a reader; nothing depends on a shared cache
(make run has none). A process killed outright (SIGKILL, a crash) loses at most its last few
seconds of counts; a failed flush keeps its counts for the next one. With the setting at 0 (the
tests) nothing flushes until flush() is called. Used by core.readership and search.insights."""

import atexit
import logging
import threading
from collections import Counter
from collections.abc import Callable, Hashable

from django.conf import settings
from django.db import DatabaseError

logger = logging.getLogger(__name__)


class Tally:
    def __init__(
        self,
        name: str,
        write: Callable[[Counter], None],
        flush_setting: str,
        default_seconds: float = 5,
        max_keys: int = 100_000,
    ):
        self.name = name  # in logs and the thread's name
        self.write = write  # writes one batch {key: count}; raises DatabaseError to retry later
        self.flush_setting = flush_setting
        self.default_seconds = default_seconds
        self.max_keys = max_keys  # keys kept while the database refuses them; more are dropped
        self._lock = threading.Lock()
        self._pending: Counter = Counter()
        self._flusher: threading.Thread | None = None
        self._stop = threading.Event()
        self._exit_hook = False

    def flush_seconds(self) -> float:
        return float(getattr(settings, self.flush_setting, self.default_seconds) or 0)

    def add(self, key: Hashable, count: int = 1) -> None:
        """Count, in memory until the next flush."""
        with self._lock:
            if len(self._pending) < self.max_keys or key in self._pending:
                self._pending[key] += count
        self._start_flusher()

    def pending(self) -> int:
        with self._lock:
            return sum(self._pending.values())

    def discard(self) -> None:
        with self._lock:
            self._pending.clear()

    def flush(self) -> int:
        """Write what this process counted; returns the counts written. On a database error
        they are kept for the next flush."""
        with self._lock:
            batch, self._pending = self._pending, Counter()
        if not batch:
            return 0
        try:
            self.write(batch)
        except DatabaseError as error:
            with self._lock:
                for key, count in batch.items():
                    if len(self._pending) < self.max_keys or key in self._pending:
                        self._pending[key] += count
            logger.warning("%s: %s counts kept for the next try: %s", self.name, sum(batch.values()), error)
            return 0
        return sum(batch.values())

    def _flush_in_background(self) -> None:
        from django.db import close_old_connections

        while not self._stop.wait(self.flush_seconds()):
            try:
                self.flush()
            except Exception:  # never let the thread die: the next round tries again
                logger.exception("%s: flush failed", self.name)
            finally:
                close_old_connections()

    def _start_flusher(self) -> None:
        """One thread per process and tally, started by its first count (so after a fork, in
        the process that counts)."""
        if (self._flusher is not None and self._flusher.is_alive()) or not self.flush_seconds():
            return
        with self._lock:
            if self._flusher is not None and self._flusher.is_alive():
                return
            self._flusher = threading.Thread(target=self._flush_in_background, name=f"{self.name}-flush", daemon=True)
            self._flusher.start()
            if not self._exit_hook:
                atexit.register(self._flush_at_exit)
                self._exit_hook = True

    def _flush_at_exit(self) -> None:
        self._stop.set()
        try:
            self.flush()
        except Exception:
            logger.exception("%s: the last flush failed", self.name)

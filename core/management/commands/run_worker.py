"""The site's background worker: runs periodic jobs when due (core.periodic) and the
django-tasks queue in between. `make run` starts it next to the web server; production runs
it as a service (README, "Background work")."""

import signal
import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import close_old_connections, connection
from django.utils import timezone

from core import periodic

TASKS_PER_ROUND = 10  # an image's renditions take seconds: periodic jobs are checked between rounds


class Command(BaseCommand):
    help = "Chạy việc nền: xuất bản theo lịch, hàng đợi tác vụ và các việc định kỳ."

    def add_arguments(self, parser):
        parser.add_argument(
            "--interval", type=float, default=5.0, help="Seconds to sleep when there is nothing to do (default 5)."
        )
        parser.add_argument("--once", action="store_true", help="Run every periodic job and the queue once, then exit.")

    def handle(self, *args, interval, once, **options):
        self.running = True
        signal.signal(signal.SIGTERM, self._stop)
        signal.signal(signal.SIGINT, self._stop)
        last_run = {}
        names = ", ".join(job.name for job in periodic.all_jobs())
        self.stdout.write(f"Worker started; periodic jobs: {names}")
        while self.running:
            if not connection.in_atomic_block:  # a test runs the worker inside its transaction
                close_old_connections()  # a long-running process must not keep dead connections
            now = timezone.now()
            for job in periodic.all_jobs():
                if job.name not in last_run or now - last_run[job.name] >= job.every:
                    periodic.run_job(job)
                    last_run[job.name] = now
            busy = self._drain_queue()
            if once:
                while busy:  # everything queued, from cron
                    busy = self._drain_queue()
                return
            if not busy:
                time.sleep(interval)

    def _stop(self, signum, frame):
        self.running = False

    def _drain_queue(self) -> bool:
        """Run the ready tasks of the database queue (none when tasks run inline), at most
        TASKS_PER_ROUND, so that periodic jobs (scheduled publishing) still run on time while
        a burst of uploads keeps the queue full. True if tasks may remain."""
        backend = settings.TASKS["default"]["BACKEND"]
        if not backend.startswith("django_tasks_db"):
            return False
        from django_tasks_db.management.commands.db_worker import Worker

        worker = Worker(
            queue_names=["*"],
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=TASKS_PER_ROUND,
            worker_id="run_worker",
            excluded_queue_names=[],
        )
        worker.run()
        return worker._run_tasks >= TASKS_PER_ROUND

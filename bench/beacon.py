"""Beacon benchmark: what counting a read costs ("Đọc nhiều", core.readership), as ratios to a
trivial view measured in the same run.

    DJANGO_DEBUG=0 .venv/bin/python bench/beacon.py [--runs 2000] [--seconds 10] [--json out.json]

Builds its own throw-away database (a SQLite file and MEDIA_ROOT in a temp dir, `migrate` and
`load_demo`), then:

1. in process (Django's test Client, the whole middleware stack): median and p95 of
   GET /health/live/ (the reference: a trivial view), POST /api/views/<id>/ (the beacon: one
   read counted in memory), the same beacon written through at once (one upsert transaction per
   read, what counting in the request would cost), a flush of 1,000 reads over 30 articles, and
   most_read() on a cache miss and a hit;
2. the same beacon and a write-through upsert while another connection holds SQLite's write lock
   for 1 s (an import, the worker): the beacon does not wait, the write would;
3. gunicorn (2 sync workers, as `make serve`) on loopback, hammered by `--threads` Python client
   threads for `--seconds` per URL: requests per second of the beacon against /health/live/,
   then gunicorn is stopped (SIGTERM) and the reads in the database are compared with the 204s
   the clients got (each worker writes what it holds when it exits).
"""

import argparse
import http.client
import io
import json
import os
import platform
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from tables import print_table  # bench/ is on sys.path when a script here is run

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=2000, help="timed requests per case in process (default 2000)")
    parser.add_argument("--seconds", type=float, default=10, help="seconds per URL through gunicorn (default 10)")
    parser.add_argument("--threads", type=int, default=8, help="client threads through gunicorn (default 8)")
    parser.add_argument("--no-gunicorn", action="store_true", help="skip part 3")
    parser.add_argument("--json", metavar="PATH", help="also write the results as JSON to PATH")
    return parser.parse_args(argv)


def percentile(values, pct):
    ordered = sorted(values)
    return ordered[max(0, round(pct / 100 * len(ordered)) - 1)]


def timed(call, runs):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    return {"median_ms": statistics.median(times), "p95_ms": percentile(times, 95), "runs": runs}


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def in_process(args, database: Path) -> tuple[list, dict]:
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client

    from core import readership
    from exemplars.models import StoryPage

    stories = list(StoryPage.objects.visible_to_readers().order_by("pk"))
    story = stories[0]
    client = Client()
    beacon = f"/api/views/{story.pk}/"

    def post_beacon():
        assert client.post(beacon).status_code == 204

    def write_through():
        post_beacon()
        readership.flush()

    def live():
        assert client.get("/health/live/").status_code == 200

    for _ in range(50):  # warm: url resolution, the content version, the visibility of the story
        live()
        post_beacon()
    readership.flush()
    results = {
        "reference": timed(live, args.runs),
        "beacon": timed(post_beacon, args.runs),
        "write_through": timed(write_through, max(args.runs // 4, 50)),
    }
    readership.flush()

    def thousand_reads():
        for n in range(1000):
            readership.record(stories[n % min(30, len(stories))].pk)

    thousand_reads()
    results["flush_1000_reads_30_articles"] = timed(lambda: (thousand_reads(), readership.flush()), 20)

    def miss():
        cache.clear()
        readership.most_read(limit=5)

    results["most_read_miss"] = timed(miss, 100)
    results["most_read_hit"] = timed(lambda: readership.most_read(limit=5), 1000)

    # Part 2: another connection holds the write lock for 1 s.
    locked = {}

    def hold(held):
        other = sqlite3.connect(database, timeout=30, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        held.set()
        time.sleep(1.0)
        other.execute("COMMIT")
        other.close()

    for name, call in [("beacon", post_beacon), ("write_through", write_through)]:
        held = threading.Event()
        holder = threading.Thread(target=hold, args=(held,))
        holder.start()
        held.wait()
        start = time.perf_counter()
        call()
        locked[name] = (time.perf_counter() - start) * 1000
        holder.join()
    readership.flush()
    connection.close()

    ref = results["reference"]["median_ms"]
    rows = [
        ["GET /health/live/ (reference)", f"{ref:.3f}", f"{results['reference']['p95_ms']:.3f}", "1.00"],
        *[
            [label, f"{r['median_ms']:.3f}", f"{r['p95_ms']:.3f}", f"{r['median_ms'] / ref:.2f}"]
            for label, r in [
                ("POST beacon (counted in memory)", results["beacon"]),
                ("POST beacon + upsert per read (write-through)", results["write_through"]),
                ("flush of 1,000 reads over 30 articles", results["flush_1000_reads_30_articles"]),
                ("most_read(), cache miss", results["most_read_miss"]),
                ("most_read(), cache hit", results["most_read_hit"]),
            ]
        ],
        ["POST beacon while the write lock is held 1 s", f"{locked['beacon']:.3f}", "", ""],
        ["write-through while the write lock is held 1 s", f"{locked['write_through']:.3f}", "", ""],
    ]
    results["while_write_locked_ms"] = locked
    return rows, results


def through_gunicorn(args, env, pages) -> tuple[list, dict]:
    port = free_port()
    log = open(Path(env["MEDIA_ROOT"]).parent / "gunicorn.log", "w")  # noqa: SIM115 (closed in finally)
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "config.wsgi", "--workers", "2", "--bind", f"{HOST}:{port}"],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "config.settings.dev"},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection((HOST, port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    sys.exit("gunicorn did not start: see " + log.name)
                time.sleep(0.2)

        def hammer(method, path, seconds):
            counts, stop = [], time.monotonic() + seconds

            def worker():
                ok = 0
                while time.monotonic() < stop:
                    conn = http.client.HTTPConnection(HOST, port, timeout=10)
                    conn.request(method, path)
                    if conn.getresponse().status in (200, 204):
                        ok += 1
                    conn.close()
                counts.append(ok)

            threads = [threading.Thread(target=worker) for _ in range(args.threads)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            return sum(counts)

        hammer("GET", "/health/live/", 1)  # warm both workers
        warm = hammer("POST", f"/api/views/{pages[0]}/", 1)
        results = {}
        sent = 0
        for label, method, path in [
            ("reference", "GET", "/health/live/"),
            ("beacon", "POST", f"/api/views/{pages[0]}/"),
        ]:
            done = hammer(method, path, args.seconds)
            results[label] = done / args.seconds
            if label == "beacon":
                sent = done
    finally:
        server.send_signal(signal.SIGTERM)  # graceful: each worker writes what it still holds
        server.wait(timeout=60)
        log.close()
    with sqlite3.connect(Path(env["DATABASE_URL"].removeprefix("sqlite:///"))) as db:
        stored = db.execute("SELECT SUM(views) FROM core_readcount WHERE page_id = ?", [pages[0]]).fetchone()[0]
    results["beacons_answered_204"] = warm + sent
    results["reads_in_database_after_stop"] = stored
    rows = [
        ["GET /health/live/ (reference)", f"{results['reference']:.0f}", "1.00"],
        ["POST /api/views/<id>/", f"{results['beacon']:.0f}", f"{results['beacon'] / results['reference']:.2f}"],
    ]
    return rows, results


def main(argv=None):
    args = parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="gs-bench-beacon-") as tmp:
        tmp = Path(tmp)
        database = tmp / "bench.sqlite3"
        os.environ["DATABASE_URL"] = f"sqlite:///{database}"
        os.environ["MEDIA_ROOT"] = str(tmp / "media")
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
        os.environ["READERSHIP_FLUSH_SECONDS"] = "0"  # part 1 flushes when it means to
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        from django.conf import settings
        from django.core.management import call_command

        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
        print("Preparing a throw-away database (migrate, load_demo)…", file=sys.stderr)
        call_command("migrate", interactive=False, verbosity=0)
        call_command("load_demo", stdout=io.StringIO(), stderr=io.StringIO())
        from core.models import ReadCount
        from exemplars.models import StoryPage

        ReadCount.objects.all().delete()  # the demo's seeded counts: only what this run counts
        env_lines = [
            f"Python {platform.python_version()}, {platform.platform()}, {os.cpu_count()} CPUs",
            f"SQLite {sqlite3.sqlite_version}, DEBUG={settings.DEBUG}",
        ]
        rows, results = in_process(args, database)
        print_table(
            "In process (Django test Client)",
            env_lines,
            ["case", "median ms", "p95 ms", "× reference"],
            rows,
            right={1, 2, 3},
        )
        if not args.no_gunicorn:
            page = StoryPage.objects.visible_to_readers().order_by("-pk").first().pk
            ReadCount.objects.filter(page_id=page).delete()
            env = {**os.environ, "READERSHIP_FLUSH_SECONDS": "5"}
            g_rows, g_results = through_gunicorn(args, env, [page])
            results["gunicorn"] = g_results
            print_table(
                f"gunicorn, 2 sync workers, {args.threads} client threads, {args.seconds:g} s per URL",
                env_lines,
                ["URL", "requests/s", "× reference"],
                g_rows,
                right={1, 2},
            )
            print(
                f"Beacons answered 204: {g_results['beacons_answered_204']}; "
                f"reads in the database after gunicorn stopped: {g_results['reads_in_database_after_stop']}"
            )
        if args.json:
            Path(args.json).write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()

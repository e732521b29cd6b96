"""Front cache benchmark: Varnish (deploy/varnish/default.vcl) in front of gunicorn under wrk.

    DJANGO_DEBUG=0 .venv/bin/python bench/front_cache.py [--seconds 30] [--rounds 3] [--json out.json]

Builds a throw-away site (SQLite file and MEDIA_ROOT in a temp dir, `migrate`, `load_demo`),
starts gunicorn (2 sync workers, as `make serve`), the worker and Debian's varnishd on free
loopback ports, and stops them all on exit. Needs wrk and varnish (`apt-get install -y wrk varnish`).

1. Throughput: one interleaved run (the order rotated each round, so noise hits every URL alike)
   of --seconds per URL at 50 connections: home, a story and /feeds/all.rss through Varnish; the
   same three through gunicorn directly; the home page through gunicorn with a random
   utm_source on every request (before this issue's fix it bypassed the page cache); a static
   file through Varnish, the ceiling. Ratios: each through Varnish / the same through gunicorn,
   and / the static file.
2. Purge: the story is unpublished, then published again, from `manage.py shell` (another
   process, as an editor's change would come from a web worker), --purges times each; Varnish is
   polled every 10 ms from the moment the change is committed until it answers accordingly.
"""

import argparse
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from load import (
    HOST,
    ROOT,
    WRK_DONE,
    Children,
    Gunicorn,
    Wrk,
    drain,
    find_story,
    fmt_errors,
    fmt_ms,
    free_port,
    http_get,
    load_average,
    log,
    merge,
    prepare,
)
from tables import print_table

VCL = ROOT / "deploy" / "varnish" / "default.vcl"
STATIC = "/static/css/site.css"
RANDOM_TRACKER = "/?utm_source=<random>"  # a new tracker value on every request (the cache flood seen before)
# wrk: every request to the given path with a fresh random utm_source.
WRK_RANDOM_TRACKER = (
    """
want_histogram = true
function init(args) math.randomseed(os.time() + math.random(1, 100000)) end
request = function()
  return wrk.format("GET", wrk.path .. "?utm_source=" .. math.random(1, 1000000000))
end
"""
    + WRK_DONE
)
AIMS = {"gunicorn": 10.0, "static": 0.5, "purge_ms": 1000}


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=30, help="load per URL (default 30)")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds (default 3)")
    parser.add_argument("--connections", type=int, default=50, help="open connections (default 50)")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (default 2)")
    parser.add_argument("--timeout", type=float, default=2, help="wrk's timeout: slower answers are errors (default 2)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--purges", type=int, default=3, help="unpublish/publish cycles timed (default 3)")
    parser.add_argument(
        "--no-gzip",
        dest="gzip",
        action="store_false",
        help="send no Accept-Encoding (by default wrk asks for gzip, as browsers and feed readers do)",
    )
    parser.add_argument("--wrk", default="wrk")
    parser.add_argument("--json", metavar="PATH", help="also write the results as JSON to PATH")
    return parser.parse_args(argv)


class Varnish:
    def __init__(self, children, tmp, backend_port):
        binary = shutil.which("varnishd") or ("/usr/sbin/varnishd" if Path("/usr/sbin/varnishd").exists() else None)
        if binary is None:
            sys.exit("varnishd not found: `apt-get install -y varnish` (Debian/Ubuntu, as root)")
        self.port = free_port()
        vcl = tmp / "default.vcl"
        vcl.write_text(VCL.read_text().replace('.port = "8000";', f'.port = "{backend_port}";'))
        version = subprocess.run([binary, "-V"], capture_output=True, text=True, timeout=10)
        self.version = (version.stderr or version.stdout).splitlines()[0]
        self.log_file = open(tmp / "varnish.log", "wb")  # noqa: SIM115 (closed with the benchmark)
        self.proc = children.start(
            [
                binary,
                "-F",
                "-j",
                "none",
                "-n",
                str(tmp / "varnish"),
                "-a",
                f"{HOST}:{self.port}",
                "-f",
                str(vcl),
                "-s",
                "malloc,256m",
                "-T",
                "none",
            ],
            stdout=self.log_file,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 30
        while True:  # listening (its backend, gunicorn, starts next)
            try:
                socket.create_connection((HOST, self.port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline or self.proc.poll() is not None:
                    sys.exit(f"varnishd did not listen on {self.port}: see {tmp / 'varnish.log'}")
                time.sleep(0.2)


def interleaved(wrk, targets, args):
    """targets: [(label, port, path)]; every one for seconds/rounds per round, rotated. A path
    RANDOM_TRACKER is "/" with a random utm_source on every request."""
    per_round = args.seconds / args.rounds
    runs = {label: [] for label, _, _ in targets}
    for r in range(args.rounds):
        k = r % len(targets)
        for label, port, path in targets[k:] + targets[:k]:
            script = "random_tracker" if path == RANDOM_TRACKER else "histogram"
            result = wrk.run(
                port, "/" if path == RANDOM_TRACKER else path, per_round, args.connections, args.threads, script=script
            )
            drain(port)
            runs[label].append(result)
            row = merge([result])
            log(
                f"  round {r + 1}/{args.rounds} {label:22} {row['rps']:9.0f} req/s  p50 {fmt_ms(row['p50_ms'])} ms  "
                f"p99 {fmt_ms(row['p99_ms'])} ms  errors {fmt_errors(row)}"
            )
    return {
        label: {**merge(results), "rounds": [round(merge([x])["rps"], 1) for x in results]}
        for label, results in runs.items()
    }


SHELL_CHANGE = """
import json, time
from wagtail.models import Page
page = Page.objects.get(url_path__endswith="/{slug}/").specific
started = time.time()
if {publish}:
    page.save_revision().publish()
else:
    page.unpublish()
print(json.dumps({{"started": started, "returned": time.time()}}))
"""


def time_purge(env, varnish_port, story, slug, publish):
    """Polls the story through Varnish every 10 ms from before the change until 4 s after it;
    returns (first answer showing the change, last answer not showing it yet), in ms after the
    change committed (and was purged, by the changing process, at once), and the change's own ms."""
    answers = []  # (wall time, status)
    stop = threading.Event()

    def poll():
        while not stop.is_set():
            status, _, _, _ = http_get(varnish_port, story, timeout=5)
            answers.append((time.time(), status))
            time.sleep(0.01)

    http_get(varnish_port, story), http_get(varnish_port, story)  # cached before the change
    thread = threading.Thread(target=poll, daemon=True)
    thread.start()
    done = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", SHELL_CHANGE.format(slug=slug, publish=publish)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    if done.returncode:
        sys.exit(f"the shell's change failed:\n{done.stderr[-2000:]}")
    times = json.loads(done.stdout.strip().splitlines()[-1])
    committed = times["returned"]
    time.sleep(max(0.0, committed + 4 - time.time()))
    stop.set()
    thread.join(10)
    want = 200 if publish else 404
    after = [(t, status) for t, status in answers if t >= times["started"]]
    shown = [t for t, status in after if status == want]
    stale = [t for t, status in after if status != want]
    if not shown or (stale and stale[-1] > shown[-1]):
        return None
    first = max(0.0, (shown[0] - committed) * 1000)
    stable = max(0.0, (stale[-1] - committed) * 1000 + 10) if stale else 0.0
    return first, stable, (committed - times["started"]) * 1000


def main(argv=None):
    args = parse_args(argv)
    wrk_path = shutil.which(args.wrk)
    if not wrk_path:
        sys.exit("wrk not found: `apt-get install -y wrk` (Debian/Ubuntu, as root), or pass --wrk PATH")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    started = time.monotonic()
    tmp = Path(tempfile.mkdtemp(prefix="gs-front-cache-"))
    children = Children()
    try:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
        os.environ.setdefault("DJANGO_DEBUG", "0")
        port = free_port()
        env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "ELASTICSEARCH_URL", "DATABASE_URL")}
        env.update(
            {
                "DATABASE_URL": f"sqlite:///{tmp / 'site.sqlite3'}",
                "MEDIA_ROOT": str(tmp / "media"),
                "SITE_URL": f"http://{HOST}:{port}",
                "PORT": str(port),
                "PYTHONUNBUFFERED": "1",
            }
        )
        prepare(env, tmp)
        varnish = Varnish(children, tmp, port)
        env["FRONT_CACHE_URL"] = f"http://{HOST}:{varnish.port}"
        log(f"Starting gunicorn ({args.workers} workers) on {port}, the worker, Varnish on {varnish.port}…")
        server = Gunicorn(children, env, port, args.workers, 1, 0, tmp / "gunicorn.log")
        children.start(
            [sys.executable, "manage.py", "run_worker", "--interval", "0.5"],
            cwd=ROOT,
            env=env,
            stdout=open(tmp / "worker.log", "wb"),  # noqa: SIM115 (the child process holds it)
            stderr=subprocess.STDOUT,
        )
        story = find_story(port)
        targets = [
            ("home via Varnish", varnish.port, "/"),
            ("story via Varnish", varnish.port, story),
            ("feed via Varnish", varnish.port, "/feeds/all.rss"),
            ("home gunicorn", port, "/"),
            ("story gunicorn", port, story),
            ("feed gunicorn", port, "/feeds/all.rss"),
            ("home gunicorn ?utm random", port, RANDOM_TRACKER),
            ("ceiling gunicorn", port, "/health/live/"),
            ("static via Varnish", varnish.port, STATIC),
        ]
        wrk = Wrk(wrk_path, children, tmp, args.timeout)
        wrk.scripts["random_tracker"] = tmp / "random_tracker.lua"
        wrk.scripts["random_tracker"].write_text(WRK_RANDOM_TRACKER)
        if args.gzip:  # as browsers and feed readers ask
            for name in ("histogram", "random_tracker"):
                wrk.scripts[name].write_text(
                    'wrk.headers["Accept-Encoding"] = "gzip"\n' + wrk.scripts[name].read_text()
                )
        for _, target_port, path in targets:
            for _ in range(0 if path == RANDOM_TRACKER else 6):
                http_get(target_port, path, timeout=10)
        la = load_average()
        log("Throughput (interleaved)")
        rows = interleaved(wrk, targets, args)
        la_after = load_average()
        slug = story.rstrip("/").rsplit("/", 1)[-1]
        log("Purge latency")
        purges = []
        for _ in range(args.purges):
            for publish in (False, True):
                purges.append(
                    {
                        "change": "publish" if publish else "unpublish",
                        "result": time_purge(env, varnish.port, story, slug, publish),
                    }
                )
        server.stop(children)

        static = rows["static via Varnish"]["rps"] or None
        ceiling = rows["ceiling gunicorn"]["rps"] or None  # a trivial view: gunicorn's own ceiling
        for page in ("home", "story", "feed"):
            via, direct = rows[f"{page} via Varnish"], rows[f"{page} gunicorn"]
            via["vs_gunicorn"] = via["rps"] / direct["rps"] if direct["rps"] else None
            via["vs_ceiling"] = via["rps"] / ceiling if ceiling else None
            via["vs_static"] = via["rps"] / static if static else None
        flooded, home = rows["home gunicorn ?utm random"], rows["home gunicorn"]
        flooded["vs_gunicorn"] = flooded["rps"] / home["rps"] if home["rps"] else None  # vs the plain home page
        visible = [p["result"][0] for p in purges if p["result"]]

        print()
        print("Gương Sáng: Varnish in front of gunicorn (bench/front_cache.py)")
        lines = [
            f"{varnish.version}; wrk -c {args.connections} -t {args.threads} --timeout {args.timeout:g}s, "
            f"{args.seconds:g} s per URL in {args.rounds} interleaved rounds, "
            f"{'Accept-Encoding: gzip' if args.gzip else 'no Accept-Encoding'}; gunicorn {args.workers} sync workers; "
            f"SQLite, in-process cache; load average {la[0]:.2f} before, {la_after[0]:.2f} after.",
            f"Aims: through Varnish ≥ {AIMS['gunicorn']:g}× gunicorn's own ceiling (/health/live/) and ≥ {AIMS['static']:g}× "
            f"the static file; a purge visible in < {AIMS['purge_ms']} ms; 0 errors.",
        ]
        headers = [
            "URL",
            "Path",
            "req/s",
            "p50 ms",
            "p99 ms",
            "Errors",
            "× same page gunicorn",
            "× gunicorn ceiling",
            "× static",
            "req/s per round",
        ]
        table = []
        for label, _, path in targets:
            r = rows[label]
            table.append(
                [
                    label,
                    path,
                    f"{r['rps']:.0f}",
                    fmt_ms(r["p50_ms"]),
                    fmt_ms(r["p99_ms"]),
                    fmt_errors(r),
                    f"{r['vs_gunicorn']:.1f}" if r.get("vs_gunicorn") else "",
                    f"{r['vs_ceiling']:.1f}" if r.get("vs_ceiling") else "",
                    f"{r['vs_static']:.2f}" if r.get("vs_static") else "",
                    " / ".join(f"{x:.0f}" for x in r["rounds"]),
                ]
            )
        print_table(None, lines, headers, table, right={2, 3, 4, 6, 7, 8})
        print()
        print(
            "Purge: the story polled through Varnish every 10 ms; ms after the change committed in `manage.py "
            "shell` (which purges at once) until the first answer showing it, and until the last one not showing it:"
        )
        for p in purges:
            r = p["result"]
            print(
                f"  {p['change']:9} "
                + (
                    f"first {r[0]:4.0f} ms, stable from {r[1]:4.0f} ms (the change took {r[2]:.0f} ms)"
                    if r
                    else "NOT SEEN, or not stable, within 4 s"
                )
            )
        if visible:
            stable = [p["result"][1] for p in purges if p["result"]]
            print(
                f"  median first {statistics.median(visible):.0f} ms, median stable {statistics.median(stable):.0f} ms, "
                f"worst stable {max(stable):.0f} ms over {len(visible)} changes"
            )
        print(f"Run: {(time.monotonic() - started) / 60:.1f} min")
        if args.json:
            Path(args.json).write_text(
                json.dumps(
                    {"rows": rows, "purges": purges, "arguments": vars(args)}, ensure_ascii=False, indent=2, default=str
                ),
                encoding="utf-8",
            )
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        children.stop_all()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()

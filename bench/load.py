"""Load benchmark: the site served by gunicorn on loopback under wrk, with the in-process cache,
with Redis, while Redis is stopped and started again, and while Elasticsearch hangs.

    DJANGO_DEBUG=0 .venv/bin/python bench/load.py [--seconds 30] [--rounds 3] [--json out.json]

Builds its own throw-away database (a SQLite file and MEDIA_ROOT in a temp dir, `migrate` and
`load_demo`), starts gunicorn (2 sync workers, as `make serve`), its own redis-server on a free port and a fake
Elasticsearch that accepts connections and never answers, all on 127.0.0.1, and stops every one
of them on exit (also on Ctrl-C). Needs wrk (Debian/Ubuntu: `apt-get install -y wrk`).

Phases (`--phases`, default all four):

1. locmem  the six URLs one after the other at 50 connections, interleaved: `--rounds` rounds of
           seconds/rounds per URL, the order rotated each round, so noise hits every URL alike.
           Ceiling: /health/live/ (a trivial view through the whole middleware stack).
2. redis   the same with the Redis cache (REDIS_URL).
3. outage  the six URLs at once for the whole phase (one wrk per URL, the 50 connections split
           between them, answers counted per second); Redis is stopped after `--outage-before` s
           and started again `--outage-down` s later; /health/ and the home page are sampled all
           along. Reports the errors and how long after the restart the cache, the throughput and
           the latency are back to what they were before.
4. es      the six URLs at once for `--es-seconds`, first without Elasticsearch (reference), then
           with ELASTICSEARCH_URL pointing at a socket that accepts and never answers (Redis cache
           both times); the search is sampled every 100 ms.
"""

import argparse
import http.client
import json
import math
import os
import platform
import re
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

from tables import print_table  # bench/ is on sys.path when a script here is run

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
ALL_PHASES = ("locmem", "redis", "outage", "es")
CACHED = {"home", "story", "index", "feed"}  # pages served from the page cache (the ≥ 0.9 aim)
RATIO_AIM = 0.9
ES_P99_AIM_MS = 200.0

# wrk's done() hook: totals and errors; with `want_histogram`, the whole latency histogram
# (µs:count), so the rounds of one URL can be merged and their percentiles computed exactly.
# wrk's latency(i) scans the histogram from the start at each call, so that dump can take a
# second or two while wrk still holds its connections open (a sync worker waits on one it
# accepted but was never written to): it is only asked for the runs of phases 1-2, where
# nothing else is measured until wrk has exited. Other runs use wrk's own percentiles.
WRK_DONE = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("WRK-SUMMARY requests=%d duration_us=%d bytes=%d connect=%d read=%d write=%d status=%d timeout=%d max_us=%d\\n",
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout, latency.max))
  if want_histogram then
    io.write("WRK-HIST")
    for i = 1, #latency do
      local v, c = latency(i)
      io.write(string.format(" %d:%d", v, c))
    end
    io.write("\\n")
  end
  if per_second_report then per_second_report() end
end
"""
# Phase 3 also counts the answers of every second (wall clock) and the non-2xx/3xx among them,
# in each thread, gathered by done() through the thread objects kept by setup().
WRK_PER_SECOND = """
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) per_second = {}; bad_second = {} end
function response(status, headers, body)
  local s = os.time()
  per_second[s] = (per_second[s] or 0) + 1
  if status < 200 or status > 399 then bad_second[s] = (bad_second[s] or 0) + 1 end
end
function per_second_report()
  local all, bad = {}, {}
  for _, t in ipairs(threads) do
    for s, n in pairs(t:get("per_second")) do all[s] = (all[s] or 0) + n end
    for s, n in pairs(t:get("bad_second")) do bad[s] = (bad[s] or 0) + n end
  end
  io.write("WRK-SECONDS")
  for s, n in pairs(all) do io.write(string.format(" %d:%d:%d", s, n, bad[s] or 0)) end
  io.write("\\n")
end
"""


def log(message):
    print(message, file=sys.stderr, flush=True)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=30, help="load per URL in phases 1-2 (default 30)")
    parser.add_argument(
        "--rounds", type=int, default=3, help="split each URL's seconds into this many interleaved rounds (default 3)"
    )
    parser.add_argument("--connections", type=int, default=50, help="open connections (default 50)")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads in phases 1-2 (default 2)")
    parser.add_argument(
        "--timeout",
        type=float,
        default=2,
        help="wrk's request timeout in seconds: a slower answer is a 'timeout' error (default 2)",
    )
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument(
        "--web-threads",
        type=int,
        default=1,
        help="gunicorn threads per worker (default 1: sync workers, as `make serve` runs them)",
    )
    parser.add_argument(
        "--max-requests",
        type=int,
        default=0,
        help="gunicorn --max-requests (default 0: workers never recycled; `make serve` uses none)",
    )
    parser.add_argument(
        "--warmup", type=float, default=1, help="seconds of unrecorded load per URL before each phase (default 1)"
    )
    parser.add_argument(
        "--phases", default=",".join(ALL_PHASES), help=f"comma-separated subset of {','.join(ALL_PHASES)} (default all)"
    )
    parser.add_argument(
        "--outage-before", type=float, default=10, help="phase 3: seconds before Redis stops (default 10)"
    )
    parser.add_argument("--outage-down", type=float, default=10, help="phase 3: seconds Redis is stopped (default 10)")
    parser.add_argument(
        "--outage-after",
        type=float,
        default=30,
        help="phase 3: seconds of load after Redis is started again (default 30; the breaker retries every 15 s)",
    )
    parser.add_argument("--es-seconds", type=float, default=30, help="phase 4: seconds of load (default 30)")
    parser.add_argument("--query", default="thi dua", help="search query (default 'thi dua')")
    parser.add_argument(
        "--database-url",
        default=None,
        help="database to prepare and serve (migrate + load_demo are run on it!). Default: a throw-away "
        "SQLite file in a temp dir. Pass 'env' to use $DATABASE_URL (never used otherwise).",
    )
    parser.add_argument("--wrk", default="wrk", help="the wrk binary (default: wrk on PATH)")
    parser.add_argument("--redis-server", default="redis-server", help="the redis-server binary (default: on PATH)")
    parser.add_argument("--json", metavar="PATH", help="also write the results as JSON to PATH")
    parser.add_argument("--keep", action="store_true", help="keep the temp dir (database, media, logs) afterwards")
    args = parser.parse_args(argv)
    args.phase_list = [p.strip() for p in args.phases.split(",") if p.strip()]
    unknown = set(args.phase_list) - set(ALL_PHASES)
    if unknown or not args.phase_list:
        parser.error(f"--phases: choose among {', '.join(ALL_PHASES)}")
    if args.rounds < 1:
        parser.error("--rounds must be at least 1")
    if args.seconds / args.rounds < 1:
        parser.error("--seconds / --rounds must be at least 1 s (one wrk run)")
    if args.connections < 6:
        parser.error("--connections must be at least 6 (phases 3-4 split them between six URLs)")
    for name in ("es_seconds", "outage_before", "outage_down", "outage_after"):
        if getattr(args, name) < 1:
            parser.error(f"--{name.replace('_', '-')} must be at least 1 s")
    return args


# --- child processes ------------------------------------------------------------------------


class Children:
    """Every process the benchmark starts, so all of them are stopped on exit, whatever happens."""

    def __init__(self):
        self.lock = threading.Lock()
        self.procs = []
        self.closing = False

    def start(self, cmd, new_session=True, **kwargs):
        with self.lock:
            if self.closing:
                raise RuntimeError("the benchmark is stopping")
            self.procs = [p for p in self.procs if p.poll() is None]
            # A session of its own: Ctrl-C reaches only this script, which stops it in order.
            proc = subprocess.Popen(cmd, start_new_session=new_session, **kwargs)
            proc.new_session = new_session
            self.procs.append(proc)
            return proc

    @staticmethod
    def stop(proc, grace=15.0):
        if proc.poll() is not None:
            return
        proc.terminate()
        try:
            proc.wait(grace)
            return
        except subprocess.TimeoutExpired:
            pass
        try:
            if getattr(proc, "new_session", False):
                os.killpg(proc.pid, signal.SIGKILL)  # its own group: the process and its forks
            else:
                proc.kill()
        except ProcessLookupError:
            pass
        proc.wait(5)

    def stop_all(self):
        with self.lock:
            self.closing = True
            procs = list(self.procs)
        for proc in reversed(procs):
            try:
                self.stop(proc, grace=10)
            except Exception as error:  # keep stopping the others
                log(f"could not stop pid {proc.pid}: {error}")


def free_port():
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def http_get(port, path, timeout=5.0):
    """(status or None, body bytes, milliseconds, error text)."""
    start = time.perf_counter()
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        conn.request("GET", path, headers={"Host": f"{HOST}:{port}"})
        response = conn.getresponse()
        body = response.read()
        return response.status, body, (time.perf_counter() - start) * 1000, ""
    except (OSError, http.client.HTTPException) as error:
        return None, b"", (time.perf_counter() - start) * 1000, f"{type(error).__name__}: {error}"
    finally:
        conn.close()


class Gunicorn:
    def __init__(self, children, env, port, workers, threads, max_requests, log_path):
        self.port, self.log_path = port, log_path
        cmd = [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi:application",
            "--chdir",
            str(ROOT),
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--bind",
            f"{HOST}:{port}",
            "--timeout",
            "30",
            "--graceful-timeout",
            "5",
        ]
        if max_requests:
            cmd += ["--max-requests", str(max_requests), "--max-requests-jitter", str(max_requests // 10)]
        self.log_file = open(log_path, "ab")  # noqa: SIM115 (closed in stop())
        self.log_start = self.log_file.tell()
        self.proc = children.start(cmd, env=env, cwd=ROOT, stdout=self.log_file, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                sys.exit(f"gunicorn exited ({self.proc.returncode}):\n{self.log_tail()}")
            status, _, _, _ = http_get(port, "/health/live/", timeout=2)
            if status == 200:
                return
            time.sleep(0.3)
        sys.exit(f"gunicorn did not answer /health/live/ within 60 s:\n{self.log_tail()}")

    def log_text(self):
        self.log_file.flush()
        with open(self.log_path, "rb") as f:
            f.seek(self.log_start)
            return f.read().decode("utf-8", "replace")

    def log_tail(self, n=40):
        return "\n".join(self.log_text().splitlines()[-n:])

    # Printed by every worker at start-up with the dev settings (no collectstatic): not news.
    KNOWN_NOISE = ("UserWarning: No directory at: ", "  mw_instance = middleware(adapted_handler)")

    def notable_log_lines(self):
        """Every line of this server's log but gunicorn's [INFO] ones and KNOWN_NOISE, counted."""
        counts = Counter()
        for line in self.log_text().splitlines():
            if not line.strip() or "[INFO]" in line or any(noise in line for noise in self.KNOWN_NOISE):
                continue
            # strip gunicorn's timestamp/pid prefix so repeats group together
            counts[re.sub(r"^\[[^\]]*\] \[\d+\] ", "", line)] += 1
        return [{"line": line, "count": n} for line, n in counts.items()]

    def stop(self, children):
        children.stop(self.proc)
        self.log_file.close()


class Redis:
    def __init__(self, children, binary, port, log_path):
        self.children, self.binary, self.port, self.log_path = children, binary, port, log_path
        self.proc = None

    def start(self):
        with open(self.log_path, "ab") as log_file:
            self.proc = self.children.start(
                [
                    self.binary,
                    "--port",
                    str(self.port),
                    "--bind",
                    HOST,
                    "--save",
                    "",
                    "--appendonly",
                    "no",
                    "--daemonize",
                    "no",
                ],
                stdout=log_file,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                sys.exit(f"redis-server exited ({self.proc.returncode}), see {self.log_path}")
            if self.ping():
                return
            time.sleep(0.05)
        sys.exit(f"redis-server did not answer PING on port {self.port} within 10 s")

    def ping(self):
        try:
            with socket.create_connection((HOST, self.port), timeout=0.5) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self):
        if self.proc is not None:
            self.children.stop(self.proc, grace=5)
            self.proc = None


class HangingServer:
    """A TCP server that accepts connections and never answers: an Elasticsearch that hangs."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind((HOST, 0))
        self.sock.listen(128)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.accepted = 0
        self.conns = []
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._run, name="hanging-es", daemon=True)
        self.thread.start()

    def _run(self):
        while not self.stopping.is_set():
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.accepted += 1
            self.conns.append(conn)  # kept open, never read from nor written to
            if len(self.conns) > 500:  # bounded: the oldest ones are closed
                self.conns.pop(0).close()

    def stop(self):
        self.stopping.set()
        self.thread.join(2)
        for conn in self.conns:
            conn.close()
        self.sock.close()


# --- wrk ------------------------------------------------------------------------------------

_TIME_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0, "h": 3600000.0}


def _to_ms(text):
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m|h)", text.strip())
    return float(match.group(1)) * _TIME_UNITS[match.group(2)] if match else None


def parse_wrk(out):
    """wrk's output → requests, seconds, errors, wrk's printed percentiles and, when the done()
    hook printed it, the latency histogram (µs → count). Without the hook's lines the text report
    (N requests in, Latency Distribution, Socket errors, Non-2xx or 3xx responses) is used."""
    result = {
        "requests": 0,
        "seconds": 0.0,
        "bytes": 0,
        "hist": Counter(),
        "max_ms": None,
        "errors": {"status": 0, "connect": 0, "read": 0, "write": 0, "timeout": 0},
        "text_percentiles": {int(p): _to_ms(v) for p, v in re.findall(r"^\s+(50|75|90|99)%\s+(\S+)\s*$", out, re.M)},
    }
    summary = re.search(r"^WRK-SUMMARY (.*)$", out, re.M)
    if summary:
        fields = dict(kv.split("=") for kv in summary.group(1).split())
        result["requests"] = int(fields["requests"])
        result["seconds"] = int(fields["duration_us"]) / 1e6
        result["bytes"] = int(fields["bytes"])
        result["max_ms"] = int(fields["max_us"]) / 1000 if result["requests"] else None
        for key in result["errors"]:
            result["errors"][key] = int(fields[key])
        hist = re.search(r"^WRK-HIST(.*)$", out, re.M)
        for pair in hist.group(1).split() if hist else []:
            value, count = pair.split(":")
            result["hist"][int(value)] += int(count)
        seconds = re.search(r"^WRK-SECONDS(.*)$", out, re.M)
        if seconds:  # epoch second → [answers, non-2xx/3xx answers]
            result["per_second"] = {
                int(a): [int(b), int(c)] for a, b, c in (triple.split(":") for triple in seconds.group(1).split())
            }
        return result
    done = re.search(r"(\d+) requests in ([\d.]+\w+),", out)
    if done:
        result["requests"] = int(done.group(1))
        result["seconds"] = (_to_ms(done.group(2)) or 0) / 1000
    sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    if sock:
        for key, value in zip(("connect", "read", "write", "timeout"), sock.groups(), strict=True):
            result["errors"][key] = int(value)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if non2xx:
        result["errors"]["status"] = int(non2xx.group(1))
    latency = re.search(r"^\s+Latency\s+\S+\s+\S+\s+(\S+)", out, re.M)
    result["max_ms"] = _to_ms(latency.group(1)) if latency else None
    return result


class Wrk:
    def __init__(self, binary, children, tmp, timeout):
        self.binary, self.children, self.timeout = binary, children, timeout
        self.scripts = {
            "plain": tmp / "done.lua",
            "histogram": tmp / "histogram.lua",
            "per_second": tmp / "per_second.lua",
        }
        self.scripts["plain"].write_text(WRK_DONE)
        self.scripts["histogram"].write_text("want_histogram = true\n" + WRK_DONE)
        self.scripts["per_second"].write_text(WRK_PER_SECOND + WRK_DONE)
        version = subprocess.run([binary, "-v"], capture_output=True, text=True, timeout=10)
        first = ((version.stdout or version.stderr).splitlines() or ["wrk ?"])[0]
        self.version = first.split(" Copyright")[0].strip()

    def start(self, port, path, seconds, connections, threads, script="plain"):
        cmd = [
            self.binary,
            "-c",
            str(connections),
            "-t",
            str(min(threads, connections)),
            "-d",
            f"{max(1, round(seconds))}s",
            "--timeout",
            f"{self.timeout:g}s",
            "--latency",
            "-s",
            str(self.scripts[script]),
            f"http://{HOST}:{port}{path}",
        ]
        proc = self.children.start(cmd, new_session=False, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        proc.deadline = time.monotonic() + seconds + self.timeout + 30
        return proc

    def finish(self, proc):
        try:
            out, _ = proc.communicate(timeout=max(1, proc.deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            proc.kill()
            out, _ = proc.communicate(timeout=5)
            log(f"wrk did not finish in time, killed:\n{out[-2000:]}")
        result = parse_wrk(out or "")
        if proc.returncode != 0 and not result["requests"]:
            log(f"wrk failed ({proc.returncode}):\n{(out or '')[-2000:]}")
        return result

    def run(self, port, path, seconds, connections, threads, script="plain"):
        return self.finish(self.start(port, path, seconds, connections, threads, script))

    def start_together(self, port, urls, seconds, connections, script="plain"):
        """One wrk per URL at the same time, the connections split between them."""
        share = split(connections, len(urls))
        return [self.start(port, path, seconds, n, 1, script) for (_, path), n in zip(urls, share, strict=True)]

    def finish_together(self, urls, procs):
        return {label: self.finish(proc) for (label, _), proc in zip(urls, procs, strict=True)}

    def run_together(self, port, urls, seconds, connections):
        return self.finish_together(urls, self.start_together(port, urls, seconds, connections))


def split(total, parts):
    return [total // parts + (1 if i < total % parts else 0) for i in range(parts)]


# --- statistics -----------------------------------------------------------------------------


def hist_percentile(hist, pct):
    """Nearest-rank percentile of a µs histogram, in ms."""
    total = sum(hist.values())
    if not total:
        return None
    rank, seen = max(1, math.ceil(pct / 100 * total)), 0
    for value in sorted(hist):
        seen += hist[value]
        if seen >= rank:
            return value / 1000
    return None


def merge(results):
    """Several wrk runs of one URL → one row: req/s over the summed durations, errors summed,
    percentiles of the merged latency histograms (exact). Runs without a histogram: wrk's own
    percentiles (exact for a single run; the worst of the runs otherwise)."""
    hist, errors = Counter(), Counter()
    requests = seconds = 0
    for r in results:
        hist.update(r["hist"])
        errors.update(r["errors"])
        requests += r["requests"]
        seconds += r["seconds"]
    row = {
        "requests": requests,
        "seconds": round(seconds, 3),
        "rps": requests / seconds if seconds else 0.0,
        "errors": {k: errors.get(k, 0) for k in ("status", "connect", "read", "write", "timeout")},
    }
    row["error_total"] = sum(row["errors"].values())
    for pct in (50, 90, 99):
        value = hist_percentile(hist, pct)
        if value is None:
            values = [r["text_percentiles"].get(pct) for r in results if r["requests"]]
            value = max((v for v in values if v is not None), default=None)
        row[f"p{pct}_ms"] = value
    maxima = [r["max_ms"] for r in results if r.get("max_ms") is not None]
    row["max_ms"] = max(hist) / 1000 if hist else max(maxima, default=None)
    return row


def fmt_ms(value):
    if value is None:
        return "–"
    return f"{value:.2f}" if value < 10 else f"{value:.1f}" if value < 1000 else f"{value:.0f}"


def fmt_errors(row):
    if not row["error_total"]:
        return "0"
    detail = ", ".join(f"{k} {v}" for k, v in row["errors"].items() if v)
    return f"{row['error_total']} ({detail})"


def load_average():
    return list(os.getloadavg()) if hasattr(os, "getloadavg") else None


# --- the phases -----------------------------------------------------------------------------


def check_urls(port, urls):
    """One GET per URL: status and size, before any load."""
    statuses = {}
    for label, path in urls:
        status, body, ms, error = http_get(port, path, timeout=10)
        statuses[label] = {"status": status, "bytes": len(body), "ms": round(ms, 1), "error": error}
        if status != 200:
            log(f"  ! {label} {path}: HTTP {status} {error} {body[:200]!r}")
    return statuses


def drain(port, limit_s=15.0):
    """Wait until the server is idle: when wrk stops, the requests it had sent are still queued
    in the listen backlog and the workers serve them, so the next run would start behind them.
    Idle = three GET /health/live/ in a row answered in under 20 ms (at most limit_s)."""
    deadline, quick = time.monotonic() + limit_s, 0
    while quick < 3 and time.monotonic() < deadline:
        status, _, ms, _ = http_get(port, "/health/live/", timeout=5)
        quick = quick + 1 if status == 200 and ms < 20 else 0
        if quick < 3:
            time.sleep(0.05)


def warm_up(wrk, port, urls, args):
    """Pages rendered and cached in every worker (renditions made) before anything is measured."""
    for _, path in urls:
        for _ in range(3 * args.workers):
            http_get(port, path, timeout=10)
    for _, path in urls:
        wrk.run(port, path, args.warmup, args.connections, args.threads)
        drain(port)


def interleaved(wrk, port, urls, args, name):
    per_round = args.seconds / args.rounds
    runs = {label: [] for label, _ in urls}
    for r in range(args.rounds):
        k = r % len(urls)
        for label, path in urls[k:] + urls[:k]:  # rotated: no URL always first or last
            result = wrk.run(port, path, per_round, args.connections, args.threads, script="histogram")
            drain(port)
            runs[label].append(result)
            row = merge([result])
            log(
                f"  [{name}] round {r + 1}/{args.rounds} {label:7} {row['rps']:8.0f} req/s  "
                f"p50 {fmt_ms(row['p50_ms'])} ms  p99 {fmt_ms(row['p99_ms'])} ms  errors {fmt_errors(row)}"
            )
    rows = {label: merge(results) for label, results in runs.items()}
    ceiling = rows["ceiling"]["rps"] or None
    for label, row in rows.items():
        row["ratio"] = row["rps"] / ceiling if ceiling else None
        row["rounds"] = [round(merge([r])["rps"], 1) for r in runs[label]]
    return rows


class Sampler:
    """A thread that GETs one path every `every` seconds: (t since t0, status, ms, body)."""

    def __init__(self, port, path, every, t0, keep_body=False, timeout=5.0):
        self.port, self.path, self.every, self.t0 = port, path, every, t0
        self.keep_body, self.timeout = keep_body, timeout
        self.samples = []
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._run, name=f"sampler {path}", daemon=True)
        self.thread.start()

    def _run(self):
        next_at = time.monotonic()
        while not self.stopping.is_set():
            started = time.monotonic() - self.t0
            status, body, ms, error = http_get(self.port, self.path, timeout=self.timeout)
            self.samples.append(
                {
                    "t": round(started, 3),
                    "path": self.path,
                    "status": status,
                    "ms": round(ms, 2),
                    "error": error,
                    "body": body if self.keep_body else None,
                }
            )
            next_at += self.every
            self.stopping.wait(max(0.0, next_at - time.monotonic()))
            next_at = max(next_at, time.monotonic() - self.every)  # no burst after a slow answer

    def stop(self):
        self.stopping.set()
        self.thread.join(self.timeout + 2)


def outage(wrk, redis, port, urls, args):
    """One wrk per URL for the whole phase (so every slow answer is counted, not cut off at the
    end of a short run), counting answers per second; Redis stopped and started by a thread;
    /health/ and the home page sampled all along."""
    before, down, after = args.outage_before, args.outage_down, args.outage_after
    total = before + down + after
    events = {}
    stopping = threading.Event()

    t0, t0_wall = time.monotonic(), time.time()
    health = Sampler(port, "/health/", 0.25, t0, keep_body=True)
    home = Sampler(port, "/", 0.1, t0)

    def controller():
        if stopping.wait(max(0.0, t0 + before - time.monotonic())):
            return
        events["stop"] = time.monotonic() - t0
        redis.stop()
        log(f"  [outage] Redis stopped at t={events['stop']:.1f} s")
        if stopping.wait(max(0.0, t0 + before + down - time.monotonic())):
            return
        events["start"] = time.monotonic() - t0
        try:
            redis.start()
        except RuntimeError:  # the benchmark is stopping
            return
        events["up"] = time.monotonic() - t0
        log(f"  [outage] Redis started at t={events['start']:.1f} s, answering PING at t={events['up']:.1f} s")

    thread = threading.Thread(target=controller, name="redis-outage", daemon=True)
    thread.start()
    try:
        procs = wrk.start_together(port, urls, total, args.connections, script="per_second")
        while time.monotonic() < t0 + total + 1 and any(p.poll() is None for p in procs):
            time.sleep(min(5.0, max(0.1, t0 + total + 1 - time.monotonic())))
            recent = [x for x in home.samples if x["t"] >= time.monotonic() - t0 - 5]
            last_health = health.samples[-1]["status"] if health.samples else None
            log(
                f"  [outage] t={time.monotonic() - t0:5.1f} s  Redis {'up' if redis.ping() else 'DOWN'}  "
                f"/health/ {last_health}  home sampled: {len(recent)} answers in the last 5 s, max "
                f"{max((x['ms'] for x in recent), default=0):.0f} ms"
            )
        results = wrk.finish_together(urls, procs)
    finally:
        stopping.set()
        thread.join(15)
        health.stop()
        home.stop()
    if "up" not in events:
        sys.exit("phase 3: Redis was not restarted (interrupted?)")
    return analyse_outage(results, t0_wall, total, events, health.samples, home.samples, urls)


PERIODS = ("before", "down", "restarted", "normal")


def settled_from(samples, t_from, ok):
    """The time of the first sample at or after t_from from which every later sample is ok
    (None if the last one is not)."""
    later = [s for s in samples if s["t"] >= t_from]
    if not later or not ok(later[-1]):
        return None
    start = later[-1]["t"]
    for s in reversed(later):
        if not ok(s):
            break
        start = s["t"]
    return start


def analyse_outage(results, t0_wall, total, events, health_samples, home_samples, urls):
    """Per second (wall clock, from wrk's response() hook): answers per URL. Periods: 'before' the
    stop, 'down' until Redis answers PING again, then 'restarted' until the throughput is back
    (2-s mean ≥ 0.8 × the median second before the stop, no non-2xx, and so to the end) and
    'normal' from then on."""
    t_stop, t_up = events["stop"], events["up"]
    # Only what was sampled under load (the samplers stop a moment after wrk).
    home_samples = [x for x in home_samples if x["t"] < total]
    health_samples = [x for x in health_samples if x["t"] < total]
    first, last = math.floor(t0_wall), math.ceil(t0_wall + total)
    seconds = []
    for epoch in range(first, last + 1):
        t = epoch - t0_wall  # this second covers [t, t + 1) of the phase
        if t < 0 or t + 1 > total:  # partial seconds at the ends are left out
            continue
        per_url = {label: r.get("per_second", {}).get(epoch, [0, 0]) for label, r in results.items()}
        health_in = [h for h in health_samples if t <= h["t"] < t + 1]
        home_in = [h for h in home_samples if t <= h["t"] < t + 1]
        seconds.append(
            {
                "t": round(t, 2),
                "answers": {label: n for label, (n, _) in per_url.items()},
                "total": sum(n for n, _ in per_url.values()),
                "non_2xx": sum(b for _, b in per_url.values()),
                "health": "".join("." if h["status"] == 200 else "x" if h["status"] else "!" for h in health_in),
                "home_max_ms": round(max(h["ms"] for h in home_in), 1) if home_in else None,
            }
        )
    before = [x["total"] for x in seconds if x["t"] + 1 <= t_stop and x["t"] >= 1]  # not the ramp-up
    base = statistics.median(before) if before else None
    for i, x in enumerate(seconds):
        window = seconds[max(0, i - 1) : i + 1]
        x["ok"] = bool(base and not x["non_2xx"] and sum(w["total"] for w in window) / len(window) >= 0.8 * base)
    throughput_back = settled_from(seconds, t_stop, lambda x: x["ok"])
    normal_from = max(throughput_back, t_up) if throughput_back is not None else math.inf

    def period_at(t):
        if t < t_stop:
            return "before"
        if t < t_up:
            return "down"
        return "normal" if t >= normal_from else "restarted"

    for x in seconds:
        x["period"] = period_at(x["t"] + 0.5)
    periods = {}
    for name in PERIODS:
        part = [x for x in seconds if x["period"] == name]
        periods[name] = {
            "seconds": len(part),
            "rps": {label: (sum(x["answers"][label] for x in part) / len(part) if part else None) for label, _ in urls},
            "non_2xx": sum(x["non_2xx"] for x in part),
        }
    whole = {label: merge([r]) for label, r in results.items()}

    def cache_ok(sample):
        if sample["status"] not in (200, 503) or not sample["body"]:
            return False
        try:
            return json.loads(sample["body"]).get("cache", {}).get("status") == "ok"
        except ValueError:
            return False

    home_before = sorted(x["ms"] for x in home_samples if x["t"] < t_stop and x["status"] == 200)
    home_limit = max(2 * home_before[int(0.9 * (len(home_before) - 1))], 5.0) if home_before else None
    home_back = (
        settled_from(home_samples, t_up, lambda x: x["status"] == 200 and x["ms"] <= home_limit) if home_limit else None
    )
    cache_back = settled_from(health_samples, t_up, cache_ok)
    health_back = settled_from(health_samples, t_up, lambda x: x["status"] == 200)
    cache_down_seen = [x["t"] for x in health_samples if x["t"] >= t_stop and not cache_ok(x)]

    def since_up(t):
        return None if t is None else round(max(0.0, t - t_up), 1)

    bounds = {
        "before": (0, t_stop),
        "down": (t_stop, t_up),
        "restarted": (t_up, min(normal_from, total)),
        "normal": (min(normal_from, total), total),
    }

    def sampled(samples, name):
        t_from, t_to = bounds[name]
        part = [x for x in samples if t_from <= x["t"] < t_to]
        ok = [x["ms"] for x in part if x["status"] == 200]
        return {
            "samples": len(part),
            "not_200": len(part) - len(ok),
            "median_ms": round(statistics.median(ok), 1) if ok else None,
            "max_ms": round(max(ok), 1) if ok else None,
            "statuses": dict(Counter(str(x["status"] or x["error"].split(":")[0]) for x in part)),
        }

    return {
        "events": {k: round(v, 2) for k, v in events.items()},
        "whole": whole,
        "periods": periods,
        "period_bounds_s": {k: [round(a, 1), round(b, 1)] for k, (a, b) in bounds.items()},
        "seconds": seconds,
        "baseline_rps": base,
        "recovery": {
            "cache_ok_after_s": since_up(cache_back),
            "health_200_after_s": since_up(health_back),
            "throughput_after_s": since_up(throughput_back),
            "home_latency_after_s": since_up(home_back),
            "home_latency_limit_ms": round(home_limit, 1) if home_limit else None,
            "cache_first_seen_down_s": round(cache_down_seen[0] - t_stop, 1) if cache_down_seen else None,
        },
        "home_sampler": {name: sampled(home_samples, name) for name in PERIODS},
        "health_sampler": {name: sampled(health_samples, name) for name in PERIODS},
        "home_samples": [[x["t"], x["status"], x["ms"]] for x in home_samples],
        "health_samples": [[x["t"], x["status"], x["ms"], cache_ok(x)] for x in health_samples],
    }


def elasticsearch_hangs(wrk, port, urls, args, search_path):
    t0 = time.monotonic()
    sampler = Sampler(port, search_path, 0.1, t0, timeout=10)
    try:
        results = wrk.run_together(port, urls, args.es_seconds, args.connections)
    finally:
        sampler.stop()
    rows = {label: merge([r]) for label, r in results.items()}
    samples = [s for s in sampler.samples if s["t"] < args.es_seconds]  # under load only
    ok = [s for s in samples if s["status"] == 200]
    slow = [s for s in samples if s["ms"] > 1000 or s["status"] != 200]
    return {
        "rows": rows,
        "search_sampler": {
            "samples": len(samples),
            "not_200": len(samples) - len(ok),
            "median_ms": round(statistics.median(s["ms"] for s in ok), 1) if ok else None,
            "max_ms": round(max(s["ms"] for s in samples), 1) if samples else None,
            "over_1s": [{"t": s["t"], "ms": s["ms"], "status": s["status"], "error": s["error"]} for s in slow],
            "samples_raw": [[s["t"], s["status"], s["ms"]] for s in samples],
        },
    }


# --- reporting ------------------------------------------------------------------------------


def environment(args, wrk, redis_version):
    import django
    import gunicorn
    import wagtail

    return {
        "platform": platform.platform(),
        "machine": platform.machine(),
        "cpu_count": os.cpu_count(),
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "django": django.get_version(),
        "wagtail": wagtail.__version__,
        "gunicorn": gunicorn.__version__,
        "workers": args.workers,
        "threads": args.web_threads,
        "wrk": wrk.version,
        "redis": redis_version,
        "sqlite": sqlite3.sqlite_version,
        "settings": os.environ["DJANGO_SETTINGS_MODULE"],
        "debug": os.environ.get("DJANGO_DEBUG") == "1",
        "load_average_before": load_average(),
    }


def env_lines(env, db_label):
    la = env.get("load_average_before")
    lb = env.get("load_average_after")
    return [
        f"Machine : {env['platform']} ({env['machine']}), {env['cpu_count']} CPUs",
        f"Python  : {env['python']}, Django {env['django']}, Wagtail {env['wagtail']}",
        f"Server  : gunicorn {env['gunicorn']}, {env['workers']} workers × {env['threads']} threads, on {HOST}; load from "
        f"{env['wrk']} on the same machine",
        f"Database: {db_label}; Redis {env['redis']}",
        f"Settings: {env['settings']} (DEBUG={env['debug']})",
        "Load    : " + (f"{la[0]:.2f} before, {lb[0]:.2f} after (1-min load average)" if la and lb else "n/a"),
    ]


def print_interleaved(title, rows, urls, args, extra):
    lines = [
        title,
        f"wrk -c {args.connections} -t {args.threads} --timeout {args.timeout:g}s, {args.seconds:g} s per URL "
        f"in {args.rounds} interleaved rounds of {args.seconds / args.rounds:g} s; percentiles over all "
        "rounds (merged histograms); errors = non-2xx + socket errors (connect/read/write/timeout); "
        "the server drained (idle) between runs. Ratio = req/s / the ceiling's req/s in this phase.",
    ] + extra
    headers = [
        "Page",
        "URL",
        "req/s",
        "p50 ms",
        "p90 ms",
        "p99 ms",
        "Errors",
        "Ratio",
        f"≥ {RATIO_AIM}",
        "req/s per round",
    ]
    table = []
    for label, path in urls:
        r = rows[label]
        aim = (
            "ceiling"
            if label == "ceiling"
            else ("yes" if r["ratio"] and r["ratio"] >= RATIO_AIM else "NO")
            if label in CACHED
            else "n/a"
        )
        table.append(
            [
                label,
                path,
                f"{r['rps']:.0f}",
                fmt_ms(r["p50_ms"]),
                fmt_ms(r["p90_ms"]),
                fmt_ms(r["p99_ms"]),
                fmt_errors(r),
                f"{r['ratio']:.2f}" if r["ratio"] is not None else "–",
                aim,
                " / ".join(f"{x:.0f}" for x in r["rounds"]),
            ]
        )
    print_table(None, lines, headers, table, right={2, 3, 4, 5, 7})


def print_outage(result, urls, args):
    ev, rec, p = result["events"], result["recovery"], result["periods"]
    bounds = result["period_bounds_s"]
    total = args.outage_before + args.outage_down + args.outage_after
    shown = [name for name in PERIODS if p[name]["seconds"]]
    lines = [
        "Phase 3: Redis stopped and started again under load (Redis cache)",
        f"All six URLs at once for {total:g} s, one wrk per URL ({'/'.join(map(str, split(args.connections, len(urls))))} "
        f"connections, -t 1, --timeout {args.timeout:g}s: an answer slower than that is a 'timeout' error). "
        f"Redis stopped at t={ev['stop']:.1f} s, started at t={ev['start']:.1f} s, answering PING at t={ev['up']:.1f} s.",
        "Periods: before the stop; down until Redis answers again; restarted until the throughput is back; normal "
        "from then on: " + ", ".join(f"{k} {a:g}-{b:g} s" for k, (a, b) in bounds.items() if b > a) + ".",
        "req/s per period from wrk's per-second answer counts; p50/p99/errors over the whole phase.",
    ]
    headers = ["Page"] + [f"req/s {n}" for n in shown] + ["p50 ms", "p99 ms", "max ms", "Errors (whole phase)"]
    table = [
        [label]
        + [f"{p[n]['rps'][label]:.0f}" for n in shown]
        + [
            fmt_ms(result["whole"][label]["p50_ms"]),
            fmt_ms(result["whole"][label]["p99_ms"]),
            fmt_ms(result["whole"][label]["max_ms"]),
            fmt_errors(result["whole"][label]),
        ]
        for label, _ in urls
    ]
    table.append(["non-2xx"] + [str(p[n]["non_2xx"]) for n in shown] + ["", "", "", ""])
    print_table(None, lines, headers, table, right=set(range(1, 4 + len(shown))))

    labels = [label for label, _ in urls]
    lines = [
        "",
        "Per second (answers per URL; /health/: one character per sample every 0.25 s, '.' 200, 'x' 503, "
        "'!' no answer; home max: the slowest sampled GET / that started in that second; normal: 2-s mean "
        f"≥ 0.8 × {result['baseline_rps'] or 0:.0f}, the median second before the stop):",
    ]
    headers = ["t (s)", "Period", "all", *labels, "non-2xx", "normal", "/health/", "home max ms"]
    table = [
        [
            f"{x['t']:.0f}",
            x["period"],
            str(x["total"]),
            *[str(x["answers"][label]) for label in labels],
            str(x["non_2xx"]),
            "yes" if x["ok"] else "no",
            x["health"],
            fmt_ms(x["home_max_ms"]),
        ]
        for x in result["seconds"]
    ]
    print_table(None, lines, headers, table, right=set(range(2, 4 + len(labels))) | {len(headers) - 1})

    def after(value):
        return "not within the run" if value is None else f"{value:.1f} s after Redis answered again"

    hs = result["home_sampler"]
    print(
        f"""
Recovery:
  /health/ first reported the cache down {rec["cache_first_seen_down_s"]} s after the stop
  /health/ reports the cache ok : {after(rec["cache_ok_after_s"])}
  /health/ answers 200          : {after(rec["health_200_after_s"])}
  throughput back (see 'normal'): {after(rec["throughput_after_s"])}
  home page (GET / every 0.1 s) under {rec["home_latency_limit_ms"]} ms (2 × its p90 before): {after(rec["home_latency_after_s"])}
  home sampler, median / max ms and statuses per period: """
        + "; ".join(
            f"{n} {hs[n]['median_ms']} / {hs[n]['max_ms']} {hs[n]['statuses']}" for n in PERIODS if hs[n]["samples"]
        )
    )


def print_es(result, urls, args, hanging, reference, loads):
    share = "/".join(map(str, split(args.connections, len(urls))))
    la = [f"{x[0][0]:.2f} → {x[1][0]:.2f}" if x and x[0] else "n/a" for x in loads]
    lines = [
        "Phase 4: Elasticsearch hangs (ELASTICSEARCH_URL → a socket that accepts and never answers; Redis cache)",
        f"All six URLs at once for {args.es_seconds:g} s, one wrk per URL ({share} connections, -t 1, "
        f"--timeout {args.timeout:g}s), first without Elasticsearch configured (reference, database search; load "
        f"average {la[0]}), then with it hanging (load average {la[1]}). The search was left out of the warm-up of "
        f"the second run, so its first searches meet the hang. The fake server accepted {hanging.accepted} connections.",
    ]
    headers = [
        "Page",
        "req/s",
        "p50 ms",
        "p99 ms",
        "max ms",
        "Errors",
        f"p99 < {ES_P99_AIM_MS:g} ms",
        "ref. req/s",
        "ref. p50",
        "ref. p99",
        "ref. errors",
    ]
    table = []
    for label, _ in urls:
        r, ref = result["rows"][label], reference[label]
        table.append(
            [
                label,
                f"{r['rps']:.0f}",
                fmt_ms(r["p50_ms"]),
                fmt_ms(r["p99_ms"]),
                fmt_ms(r["max_ms"]),
                fmt_errors(r),
                "yes" if r["p99_ms"] is not None and r["p99_ms"] < ES_P99_AIM_MS else "NO",
                f"{ref['rps']:.0f}",
                fmt_ms(ref["p50_ms"]),
                fmt_ms(ref["p99_ms"]),
                fmt_errors(ref),
            ]
        )
    print_table(None, lines, headers, table, right={1, 2, 3, 4, 7, 8, 9})
    s = result["search_sampler"]
    print(
        f"\nSearch sampled (GET every 0.1 s) during the hang: {s['samples']} requests, {s['not_200']} not 200, "
        f"median {s['median_ms']} ms, max {s['max_ms']} ms; over 1 s or failed: "
        + (
            ", ".join(f"t={x['t']:.1f} s {x['ms']:.0f} ms ({x['status'] or x['error']})" for x in s["over_1s"])
            or "none"
        )
    )


def print_log_lines(name, lines):
    if not lines:
        print(f"\ngunicorn log during {name}: nothing but [INFO] lines (and whitenoise's start-up warning)")
        return
    print(f"\ngunicorn log during {name} (lines other than [INFO] and whitenoise's start-up warning, counted):")
    for item in lines[:40]:
        line = item["line"] if len(item["line"]) <= 300 else item["line"][:299] + "…"
        print(f"  {item['count']:5}x  {line}")
    if len(lines) > 40:
        print(f"  … and {len(lines) - 40} more distinct lines")


# --- main -----------------------------------------------------------------------------------


def prepare(env, tmp):
    log(f"Preparing the database ({env['DATABASE_URL']}): migrate, load_demo…")
    for cmd in (["migrate", "--noinput"], ["load_demo"]):
        done = subprocess.run(
            [sys.executable, "manage.py", *cmd], cwd=ROOT, env=env, capture_output=True, text=True, timeout=1200
        )
        (tmp / f"{cmd[0]}.log").write_text(done.stdout + done.stderr)
        if done.returncode:
            sys.exit(f"manage.py {' '.join(cmd)} failed ({done.returncode}):\n{(done.stdout + done.stderr)[-3000:]}")


def find_story(port):
    status, body, _, error = http_get(port, "/guong-sang/", timeout=30)
    if status != 200:
        sys.exit(f"/guong-sang/: HTTP {status} {error}: cannot find a story to measure")
    for match in re.finditer(r'href="(?:https?://[^/"]+)?(/guong-sang/[^/"?#]+/)"', body.decode("utf-8", "replace")):
        return match.group(1)
    sys.exit("/guong-sang/: no link to a story (/guong-sang/<slug>/) in the page")


def main(argv=None):
    args = parse_args(argv)
    wrk_path = shutil.which(args.wrk)
    if not wrk_path:
        sys.exit(
            f"wrk not found ({args.wrk!r}). Install it: `apt-get install -y wrk` (Debian/Ubuntu, "
            "as root; `apt-get update` first if needed) or `brew install wrk`, or pass --wrk PATH."
        )
    redis_path = shutil.which(args.redis_server)
    if not redis_path and set(args.phase_list) & {"redis", "outage", "es"}:
        sys.exit(f"redis-server not found ({args.redis_server!r}): install redis-server or pass --redis-server PATH")
    try:
        import gunicorn  # noqa: F401
    except ImportError:
        sys.exit("gunicorn is not installed in this Python: run it with .venv/bin/python (make install)")

    # SIGTERM like Ctrl-C: the finally block below stops every child process.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    started = time.monotonic()
    tmp = Path(tempfile.mkdtemp(prefix="gs-load-"))
    children = Children()
    servers, hanging = [], None
    try:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
        os.environ.setdefault("DJANGO_DEBUG", "0")
        port, redis_port = free_port(), free_port()
        env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "ELASTICSEARCH_URL", "DATABASE_URL")}
        if args.database_url is None:
            env["DATABASE_URL"] = f"sqlite:///{tmp / 'site.sqlite3'}"
            db_label = f"SQLite {sqlite3.sqlite_version} (throw-away file, WAL)"
        else:
            url = os.environ.get("DATABASE_URL", "") if args.database_url == "env" else args.database_url
            if not url:
                sys.exit("--database-url env: DATABASE_URL is not set")
            if (
                url.startswith("sqlite:")
                and Path(url.split("sqlite://", 1)[1]).resolve() == (ROOT / "db.sqlite3").resolve()
            ):
                sys.exit("Refusing to benchmark on the development database db.sqlite3 (it would be modified).")
            env["DATABASE_URL"] = url
            db_label = url.split("://", 1)[0] + " (" + url.rsplit("@", 1)[-1] + ")"
        env.update(
            {
                "MEDIA_ROOT": str(tmp / "media"),
                "SITE_URL": f"http://{HOST}:{port}",
                "PORT": str(port),
                "PYTHONUNBUFFERED": "1",
            }
        )
        wrk = Wrk(wrk_path, children, tmp, args.timeout)
        redis_version = ""
        if redis_path:
            v = subprocess.run([redis_path, "--version"], capture_output=True, text=True, timeout=10).stdout
            redis_version = (re.search(r"v=(\S+)", v) or re.search(r"(\d+\.\d+\.\d+)", v) or [None, "?"])[1]
        env_info = environment(args, wrk, redis_version)
        prepare(env, tmp)
        redis = Redis(children, redis_path, redis_port, tmp / "redis.log") if redis_path else None
        log_path = tmp / "gunicorn.log"
        results, logs, urls = {}, {}, None

        def serve(extra_env, name):
            log(f"Starting gunicorn ({name}) on {HOST}:{port}…")
            server = Gunicorn(
                children, {**env, **extra_env}, port, args.workers, args.web_threads, args.max_requests, log_path
            )
            servers.append(server)
            return server

        def stop(server, name):
            logs[name] = server.notable_log_lines()
            server.stop(children)
            servers.remove(server)

        def page_urls(server_port):
            story = find_story(server_port)
            return [
                ("home", "/"),
                ("story", story),
                ("index", "/guong-sang/"),
                ("feed", "/feeds/all.rss"),
                ("search", f"/api/search/?q={args.query.replace(' ', '+')}"),
                ("ceiling", "/health/live/"),
            ]

        redis_env = {"REDIS_URL": f"redis://{HOST}:{redis_port}/0"}
        if "locmem" in args.phase_list:
            server = serve({}, "in-process cache")
            urls = page_urls(port)
            results["locmem_status"] = check_urls(port, urls)
            log("Phase 1: in-process cache (locmem)")
            warm_up(wrk, port, urls, args)
            la = load_average()
            results["locmem"] = interleaved(wrk, port, urls, args, "locmem")
            results["locmem_load"] = [la, load_average()]
            stop(server, "phase 1 (locmem)")
        if set(args.phase_list) & {"redis", "outage"}:
            redis.start()
            server = serve(redis_env, "Redis cache")
            urls = urls or page_urls(port)
            results["redis_status"] = check_urls(port, urls)
            warm_up(wrk, port, urls, args)
            if "redis" in args.phase_list:
                log("Phase 2: Redis cache")
                la = load_average()
                results["redis"] = interleaved(wrk, port, urls, args, "redis")
                results["redis_load"] = [la, load_average()]
            if "outage" in args.phase_list:
                drain(port)
                log("Phase 3: Redis stopped and started again under load")
                la = load_average()
                results["outage"] = outage(wrk, redis, port, urls, args)
                results["outage_load"] = [la, load_average()]
            stop(server, "phases 2-3 (Redis)")
        if "es" in args.phase_list:
            if redis.proc is None or not redis.ping():
                redis.stop()
                redis.start()
            # Reference: the same load, same cache, no Elasticsearch configured (database search).
            server = serve(redis_env, "Redis cache, no Elasticsearch: phase 4 reference")
            urls = urls or page_urls(port)
            warm_up(wrk, port, urls, args)
            log("Phase 4 reference: the same load without Elasticsearch")
            la = load_average()
            results["es_reference"] = {
                label: merge([r])
                for label, r in wrk.run_together(port, urls, args.es_seconds, args.connections).items()
            }
            drain(port)
            results["es_reference_load"] = [la, load_average()]
            stop(server, "phase 4 reference (no Elasticsearch)")
            hanging = HangingServer()
            server = serve(
                {**redis_env, "ELASTICSEARCH_URL": f"http://{HOST}:{hanging.port}"},
                "Redis cache, Elasticsearch hanging",
            )
            search_label, search_path = "search", dict(urls)["search"]
            # Warm the cached pages only: a search now would open the breaker before the load.
            warm_up(wrk, port, [u for u in urls if u[0] != search_label], args)
            log("Phase 4: Elasticsearch hangs")
            la = load_average()
            results["es"] = elasticsearch_hangs(wrk, port, urls, args, search_path)
            results["es_load"] = [la, load_average()]
            status, body, ms, error = http_get(port, "/health/", timeout=10)
            results["es_health"] = {
                "status": status,
                "ms": round(ms, 1),
                "error": error,
                "body": body.decode("utf-8", "replace")[:1000],
            }
            stop(server, "phase 4 (Elasticsearch hangs)")
        env_info["load_average_after"] = load_average()
        elapsed = time.monotonic() - started

        # --- report ---
        lines = env_lines(env_info, db_label)
        print()
        print("Gương Sáng: load through gunicorn (bench/load.py)")
        print("\n".join(lines))
        print(
            f"Run     : {elapsed / 60:.1f} min in all; demo content (load_demo); story measured: {dict(urls)['story']}"
        )

        def with_load(key):
            la = results.get(f"{key}_load")
            extra = [f"Load average {la[0][0]:.2f} before, {la[1][0]:.2f} after this phase."] if la and la[0] else []
            checked = results.get(f"{key}_status")
            if checked:
                extra.append(
                    "One GET each before the load (status, size, ms, cache still cold): "
                    + ", ".join(
                        f"{label} {c['status'] or c['error']} ({c['bytes'] / 1024:.0f} KB, {c['ms']:.0f} ms)"
                        for label, c in checked.items()
                    )
                )
            return extra

        if "locmem" in results:
            print()
            print_interleaved(
                "Phase 1: in-process cache (locmem, per worker)", results["locmem"], urls, args, with_load("locmem")
            )
            print_log_lines("phase 1", logs.get("phase 1 (locmem)"))
        if "redis" in results:
            print()
            print_interleaved(
                f"Phase 2: Redis cache (redis-server {redis_version} on loopback)",
                results["redis"],
                urls,
                args,
                with_load("redis"),
            )
        if "outage" in results:
            print()
            print_outage(results["outage"], urls, args)
        if set(args.phase_list) & {"redis", "outage"}:
            print_log_lines("phases 2-3", logs.get("phases 2-3 (Redis)"))
        if "es" in results:
            print()
            print_es(
                results["es"],
                urls,
                args,
                hanging,
                results["es_reference"],
                [results.get("es_reference_load"), results.get("es_load")],
            )
            h = results["es_health"]
            print(f"/health/ after the load: HTTP {h['status']} in {h['ms']} ms: {h['body'][:400]}")
            print_log_lines("phase 4 reference", logs.get("phase 4 reference (no Elasticsearch)"))
            print_log_lines("phase 4", logs.get("phase 4 (Elasticsearch hangs)"))

        if args.json:
            payload = {
                "environment": env_info,
                "database": db_label,
                "urls": dict(urls),
                "arguments": {k: v for k, v in vars(args).items() if k != "phase_list"},
                "elapsed_s": round(elapsed, 1),
                "results": results,
                "gunicorn_log": logs,
            }
            Path(args.json).write_text(json.dumps(payload, ensure_ascii=False, indent=2, default=str), encoding="utf-8")
            print(f"\nResults written to {args.json}")
    except KeyboardInterrupt:
        log("Interrupted: stopping gunicorn, redis-server and wrk…")
        raise SystemExit(130) from None
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not cut the cleanup short
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        for server in servers:
            try:
                server.stop(children)
            except Exception as error:
                log(f"stopping gunicorn: {error}")
        children.stop_all()
        if hanging is not None:
            hanging.stop()
        if args.keep:
            log(f"Kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()

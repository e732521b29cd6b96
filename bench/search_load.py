"""Search under load (issue 16): /search/ and /api/search/ through gunicorn (2 sync workers) at 50
connections with wrk, a repeated query and queries never asked before, as ratios to a cached
page (the home page) measured in the same run, interleaved in rounds.

    DJANGO_DEBUG=0 .venv/bin/python bench/search_load.py [--seconds 10] [--rounds 2]
    DJANGO_DEBUG=0 .venv/bin/python bench/search_load.py --latency   # one request at a time

`--latency` instead measures single requests, uncached (every query asked once), in process
(Django's test Client on bench/pages.py's throw-away demo site): the issue's "an uncached search
stays under 50 ms on SQLite with the demo corpus".

A throw-away SQLite site (migrate + load_demo, bench/load.py's set-up), gunicorn as `make serve`
runs it, wrk (apt-get install wrk). "Unrepeated": every request asks a query no request asked
before (two or three words of the demo's vocabulary, with and without accents, numbered so that
none repeats), so each one is searched and rendered: the search engine's own cost under load.
Repeated: one query, served from the cached answers (search.answers) after the first.
"""

import argparse
import itertools
import os
import random
import shutil
import signal
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

from load import HOST, WRK_DONE, Children, Gunicorn, Wrk, drain, free_port, http_get, load_average, log, prepare
from tables import print_table  # bench/ is on sys.path when a script here is run

# Words and two-syllable words of the demo articles: queries made of them find something.
WORDS = [
    "người tốt", "việc tốt", "thi đua", "yêu nước", "nông thôn", "học tập", "lao động", "sáng tạo",
    "giáo viên", "bác sĩ", "thanh niên", "hiến máu", "cứu người", "nhà tạm", "khen thưởng",
    "bằng khen", "chiến sĩ", "biên phòng", "phụ nữ", "nông dân", "doanh nghiệp", "khuyến học",
    "vùng cao", "Đắk Lắk", "Nghệ An", "Hà Giang", "điển hình", "tiên tiến", "phong trào", "gương",
]  # fmt: skip
REFERENCE = ("trang chủ (cache)", "/")


def queries(n: int, seed: int = 16) -> list[str]:
    """n distinct queries: one to three of WORDS in a random order, a third of them typed without
    accents; none repeats (n is at most the number of such combinations)."""
    from unicodedata import category, normalize

    def bare(text):
        return "".join(c for c in normalize("NFD", text.replace("đ", "d")) if category(c) != "Mn")

    combos = [" ".join(c) for size in (1, 2, 3) for c in itertools.permutations(WORDS, size)]
    random.Random(seed).shuffle(combos)
    if n > len(combos):
        sys.exit(f"at most {len(combos)} distinct queries")
    return [bare(text) if i % 3 == 0 else text for i, text in enumerate(combos[:n])]


def many_script(path: str, texts: list[str]) -> str:
    """A wrk script that asks texts in turn, each thread from its own offset: no query twice."""
    lines = ",\n".join(f'  "{path}?q={quote(t)}"' for t in texts)
    return (
        f"""
local paths = {{
{lines}
}}
local threads, next_offset = {{}}, 0
function setup(thread)
  thread:set("offset", next_offset)
  next_offset = next_offset + math.floor(#paths / 4)
end
local counter = 0
function request()
  counter = counter + 1
  return wrk.format(nil, paths[((offset or 0) + counter) % #paths + 1])
end
"""
        + WRK_DONE
    )


def latency(n: int = 150) -> None:
    import pages  # bench/pages.py: the throw-away site, in process

    with pages.throwaway_site("gs-search-latency-"):
        client = pages.make_client()
        texts = queries(2 * n)
        rows = []
        for path, asked in (("/search/", texts[:n]), ("/api/search/", texts[n:])):
            client.get(path, {"q": "khởi động"})  # first request: templates, connections
            times = []
            for text in asked:
                start = time.perf_counter()
                response = client.get(path, {"q": text})
                times.append((time.perf_counter() - start) * 1000)
                if response.status_code != 200:
                    sys.exit(f"{path}?q={text}: HTTP {response.status_code}")
            times.sort()
            p95 = times[int(0.95 * (len(times) - 1))]
            rows.append([path, str(len(times)), f"{statistics.median(times):.1f}", f"{p95:.1f}", f"{times[-1]:.1f}"])
        from search import insights

        insights.flush()  # the statistics, while the throw-away database still exists
        env_lines = [f"Machine : {os.cpu_count()} CPUs, load {load_average()}", "Method  : " + latency.__doc__]
        print_table(
            "Gương Sáng: one uncached search at a time",
            env_lines,
            ["URL", "queries", "p50 ms", "p95 ms", "max ms"],
            rows,
            right={1, 2, 3, 4},
        )


latency.__doc__ = "each query asked once (never cached), Django test Client, SQLite demo site"


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=10, help="load per URL and round (default 10)")
    parser.add_argument("--rounds", type=int, default=2, help="interleaved rounds (default 2)")
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--query", default="thi đua", help="the repeated query (default 'thi đua')")
    parser.add_argument("--wrk", default="wrk")
    parser.add_argument("--latency", action="store_true", help="single uncached requests instead of load")
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    if args.latency:
        return latency()
    wrk_path = shutil.which(args.wrk)
    if not wrk_path:
        sys.exit("wrk not found: `apt-get install -y wrk` (as root), or pass --wrk PATH.")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    tmp = Path(tempfile.mkdtemp(prefix="gs-search-load-"))
    children = Children()
    try:
        port = free_port()
        env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "ELASTICSEARCH_URL", "DATABASE_URL")}
        env.update(
            DATABASE_URL=f"sqlite:///{tmp / 'site.sqlite3'}",
            MEDIA_ROOT=str(tmp / "media"),
            SITE_URL=f"http://{HOST}:{port}",
            PORT=str(port),
            DJANGO_SETTINGS_MODULE="config.settings.dev",
            DJANGO_DEBUG="0",
        )
        prepare(env, tmp)
        server = Gunicorn(children, env, port, args.workers, 1, 0, tmp / "gunicorn.log")
        wrk = Wrk(wrk_path, children, tmp, timeout=5)
        per_run = int(args.seconds * 400) + 1000  # more queries than any run can ask
        texts = queries(per_run * args.rounds * 2)
        urls = [REFERENCE]
        for name, path in (("/search/", "/search/"), ("/api/search/", "/api/search/")):
            urls.append((f"{name} lặp lại", f"{path}?q={quote(args.query)}"))
            urls.append((f"{name} chưa hỏi bao giờ", path))
        for label, path in urls:  # every answer is a 200 before the load
            status, body, _, error = http_get(port, path if "?" in path or path == "/" else f"{path}?q=x", timeout=30)
            if status != 200:
                sys.exit(f"{label}: HTTP {status} {error} {body[:300]!r}")
            for _ in range(2 * args.workers):
                http_get(port, path, timeout=30)
        results = {label: [] for label, _ in urls}
        log(f"{args.rounds} rounds × {len(urls)} URLs × {args.seconds:g} s at {args.connections} connections…")
        chunk = iter(range(args.rounds * 2))
        for _ in range(args.rounds):
            for label, path in urls:
                script = "plain"
                if "chưa hỏi" in label:
                    start = next(chunk) * per_run
                    script_path = tmp / f"many-{start}.lua"
                    script_path.write_text(many_script(path, texts[start : start + per_run]))
                    wrk.scripts[script_path.name] = script_path
                    script = script_path.name
                result = wrk.run(port, path, args.seconds, args.connections, 2, script)
                errors = sum(result["errors"].values())
                results[label].append((result["requests"] / max(result["seconds"], 1e-9), errors))
                drain(port)
        reference = statistics.median(rate for rate, _ in results[REFERENCE[0]])
        rows = []
        for label, _ in urls:
            rate = statistics.median(r for r, _ in results[label])
            errors = sum(e for _, e in results[label])
            rows.append([label, f"{rate:,.0f}", f"{rate / reference:.2f}", str(errors)])
        env_lines = [
            f"Machine : {os.cpu_count()} CPUs, load {load_average()}",
            f"Server  : gunicorn, {args.workers} sync workers, SQLite (throw-away), demo content",
            f"Method  : wrk, {args.connections} connections, {args.rounds} rounds × {args.seconds:g} s per URL, "
            "interleaved; median of the rounds",
        ]
        print_table(
            "Gương Sáng: search under load",
            env_lines,
            ["URL", "req/s", "× cached page", "errors"],
            rows,
            right={1, 2, 3},
        )
        server.stop(children)
    finally:
        children.stop_all()
        shutil.rmtree(tmp, ignore_errors=True)
    time.sleep(0)


if __name__ == "__main__":
    main()

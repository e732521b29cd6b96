"""Feed benchmark: time to build /feeds/all.rss (and the other feeds) uncached with 50 full-text
items, a cached hit, and a 304; and each answer's bytes raw, gzipped and in brotli.

    DJANGO_DEBUG=0 .venv/bin/python bench/feeds.py [--runs 30] [--extra-items 30] [--json out.json]

Like bench/pages.py (whose set-up it reuses) it builds its own throw-away SQLite database and
MEDIA_ROOT, migrates, loads the demo content and publishes --extra-items more stories (copies
of a demo story, full body and photo) so that every feed has its 50 items. Each feed is then
requested through the whole stack with Django's test Client:

- cold: every cache emptied first (feed bytes and the per-revision body fragments), as after
  a deploy or a cache flush;
- after publish: the content version bumped (as by any publish), body fragments still cached;
- cached: the bytes served from the cache;
- 304: a conditional request with the ETag of the last answer.
"""

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

from tables import print_table  # bench/ is on sys.path when a script here is run

ROOT = Path(__file__).resolve().parent.parent
AIMS_MS = {"cold": 30.0, "304": 2.0}
FEEDS = ["/feeds/all.rss", "/feeds/all.atom", "/feeds/all.json", "/feeds/stories.rss", "/sitemap-news.xml"]


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=30, help="timed requests per feed and state (default 30)")
    parser.add_argument(
        "--extra-items",
        type=int,
        default=30,
        help="stories published before measuring so that feeds hold 50 items (default 30)",
    )
    parser.add_argument("--json", metavar="PATH", help="also write the results as JSON to PATH")
    parser.add_argument("--keep", action="store_true", help="keep the temp dir (database, media) afterwards")
    args = parser.parse_args(argv)
    if args.runs < 1 or args.extra_items < 0:
        parser.error("--runs must be at least 1 and --extra-items 0 or more")
    return args


def measure(client, url, runs, bar):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from core.cache import bump_content_version

    cpu = {}  # state -> median CPU ms

    def get(**headers):
        start, cpu_start = time.perf_counter(), time.process_time()
        response = client.get(url, **headers)
        elapsed = (time.perf_counter() - start) * 1000
        get.cpu = (time.process_time() - cpu_start) * 1000
        bar.update()
        return response, elapsed

    def timed(before=None, label="", **headers):
        times, cpu_times = [], []
        for _ in range(runs):
            if before:
                before()
            response, elapsed = get(**headers)
            expected = 304 if headers else 200
            if response.status_code != expected:
                sys.exit(f"{url}: HTTP {response.status_code}, expected {expected}")
            times.append(elapsed)
            cpu_times.append(get.cpu)
        cpu[label] = round(statistics.median(cpu_times), 2)
        return times, response

    for _ in range(2):  # renditions of the feed photos are generated on the first build
        get()
    cold, _ = timed(before=cache.clear, label="cold")
    after_publish, _ = timed(before=bump_content_version, label="after_publish")
    cached, response = timed(label="cached")
    not_modified, _ = timed(label="304", HTTP_IF_NONE_MATCH=response["ETag"])
    bump_content_version()
    with CaptureQueriesContext(connection) as built:
        get()
    with CaptureQueriesContext(connection) as conditional:
        get(HTTP_IF_NONE_MATCH=response["ETag"])
    # What a poll costs on the wire: the same answer compressed as each kind of client asks.
    gzipped = client.get(url, HTTP_ACCEPT_ENCODING="gzip").content
    brotlied = client.get(url, HTTP_ACCEPT_ENCODING="gzip, deflate, br").content
    items = response.content.count(b"<item>") + response.content.count(b"<entry>") + response.content.count(b"<url>")
    if url.endswith(".json"):
        items = len(json.loads(response.content)["items"])
    return {
        "feed": url,
        "items": items,
        "bytes": len(response.content),
        "gzip_bytes": len(gzipped),
        "br_bytes": len(brotlied),
        "cold_median_ms": round(statistics.median(cold), 2),
        "cold_p95_ms": round(sorted(cold)[int(0.95 * (len(cold) - 1))], 2),
        "cold_cpu_median_ms": cpu["cold"],
        "after_publish_cpu_median_ms": cpu["after_publish"],
        "not_modified_cpu_median_ms": cpu["304"],
        "after_publish_median_ms": round(statistics.median(after_publish), 2),
        "cached_median_ms": round(statistics.median(cached), 2),
        "not_modified_median_ms": round(statistics.median(not_modified), 2),
        "not_modified_p95_ms": round(sorted(not_modified)[int(0.95 * (len(not_modified) - 1))], 2),
        "queries_build": len(built.captured_queries),
        "queries_304": len(conditional.captured_queries),
    }


def main(argv=None):
    args = parse_args(argv)
    os.environ.setdefault("DJANGO_DEBUG", "0")
    import pages  # bench/pages.py: database set-up, extra stories, client, environment

    with pages.throwaway_site("gs-bench-feeds-", keep=args.keep):
        from tqdm import tqdm

        movement_url = dict(pages.pick_pages())["movement page"]
        if args.extra_items:
            pages.add_extra_stories(args.extra_items, movement_url, tqdm)
        client = pages.make_client()
        env = pages.environment_info()
        bar = tqdm(total=len(FEEDS) * (4 * args.runs + 4), desc="measuring", unit="req")
        results = [measure(client, url, args.runs, bar) for url in FEEDS]
        bar.close()
        env["load_average_after"] = os.getloadavg()
        env_lines = pages.summary_lines(
            env,
            f"{args.runs} timed requests per feed and state, wall time of client.get() in-process",
        )
        headers = [
            "Feed",
            "Items",
            "KB",
            "gzip KB (×)",
            "br KB (×)",
            "Cold ms",
            "Cold p95",
            "Cold CPU",
            "After publish",
            "After publish CPU",
            "Cached",
            "304 ms",
            "304 p95",
            "Queries (build/304)",
            f"cold < {AIMS_MS['cold']:g}",
            f"304 < {AIMS_MS['304']:g}",
        ]
        rows = [
            [
                r["feed"],
                str(r["items"]),
                f"{r['bytes'] / 1024:.0f}",
                f"{r['gzip_bytes'] / 1024:.1f} ({r['bytes'] / r['gzip_bytes']:.1f})",
                f"{r['br_bytes'] / 1024:.1f} ({r['bytes'] / r['br_bytes']:.1f})",
                f"{r['cold_median_ms']:.1f}",
                f"{r['cold_p95_ms']:.1f}",
                f"{r['cold_cpu_median_ms']:.1f}",
                f"{r['after_publish_median_ms']:.1f}",
                f"{r['after_publish_cpu_median_ms']:.1f}",
                f"{r['cached_median_ms']:.2f}",
                f"{r['not_modified_median_ms']:.2f}",
                f"{r['not_modified_p95_ms']:.2f}",
                f"{r['queries_build']}/{r['queries_304']}",
                "yes" if r["cold_median_ms"] < AIMS_MS["cold"] else "NO",
                "yes" if r["not_modified_median_ms"] < AIMS_MS["304"] else "NO",
            ]
            for r in results
        ]
        print_table("Gương Sáng: feed benchmark", env_lines, headers, rows, right=set(range(1, 14)))
        print("\n'CPU' = median CPU time of this process per request (SQLite runs in-process): less affected by")
        print("other load on the machine than wall time. 'Cold' = every cache emptied; 'After publish' = the")
        print("content version bumped, per-revision body fragments still cached.")
        if args.json:
            Path(args.json).write_text(
                json.dumps({"environment": env, "results": results}, ensure_ascii=False, indent=2)
            )
            print(f"\nResults written to {args.json}")


if __name__ == "__main__":
    main()

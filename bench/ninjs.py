"""ninjs benchmark (issue 14): an agency walking /api/ninjs/?since= through 1,000 changed
articles, 100 a page by the `next` cursor, in ninjs 2.2 and 1.x, against /feeds/all.rss (50 items)
measured in the same run as the reference.

    DJANGO_DEBUG=0 .venv/bin/python bench/ninjs.py [--runs 10] [--changes 1000] [--json out.json]

Like bench/feeds.py it builds its own throw-away SQLite database and MEDIA_ROOT (bench/pages.py),
migrates and loads the demo content, then adds --changes live stories as an import does (copies
of the richest demo story: its body, photo, movements, localities and tags), each changed at
its own moment after a checkpoint. Every request goes through the whole stack (Django's test
Client). States, as in bench/feeds.py:

- cold: every cache emptied first (response bytes and the per-revision body fragments);
- after publish: the content version bumped (as by any publish), body fragments still cached;
- cached: the bytes served from the cache.

A walk is the 10 requests (page_size=100) that follow `next` from `?since=<checkpoint>`.
"""

import argparse
import json
import os
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from tables import print_table  # bench/ is on sys.path when a script here is run

AIM_MS = 200.0  # one page of 100 changes, built


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=10, help="timed walks per state (default 10)")
    parser.add_argument("--changes", type=int, default=1000, help="changed articles to walk (default 1000)")
    parser.add_argument("--json", metavar="PATH", help="also write the results as JSON to PATH")
    parser.add_argument("--keep", action="store_true", help="keep the temp dir (database, media) afterwards")
    args = parser.parse_args(argv)
    if args.runs < 1 or args.changes < 1:
        parser.error("--runs and --changes must be at least 1")
    return args


def add_changes(n: int, progress):
    """n live stories copied from the richest demo story, changed one millisecond apart after a
    checkpoint (as an import does: no revision each, which is not what is measured)."""
    from django.utils import timezone

    from core.cache import bump_content_version
    from exemplars.models import StoryPage

    source = max(
        StoryPage.objects.live(),
        key=lambda s: (s.hero_image_id is not None, s.movements.count(), s.localities.count(), -s.pk),
    )
    parent = source.get_parent()
    checkpoint = timezone.now()
    for i in progress(range(n), desc="changed stories", unit="page"):
        moment = checkpoint + timedelta(milliseconds=i + 1)
        page = StoryPage(
            title=f"{source.title} (thay đổi {i})",
            slug=f"{source.slug}-thay-doi-{i}",
            lead=source.lead,
            exemplar_name=source.exemplar_name,
            body=source.body.raw_data,
            hero_image=source.hero_image,
            byline=source.byline,
            published_at=source.published_at,
            live=True,
            first_published_at=moment,
            last_published_at=moment,
        )
        parent.add_child(instance=page)
        page.movements = list(source.movements.all())
        page.localities = list(source.localities.all())
        page.save()
        page.tags.add(*source.tags.all())
    bump_content_version()
    return checkpoint


def walk(client, since: str, version: str | None):
    """Follow `next` from ?since=; the wall time of each request and the items seen."""
    params = {"since": since, "page_size": "100", **({"version": version} if version else {})}
    path, times, items = "/api/ninjs/", [], 0
    while True:
        start = time.perf_counter()
        response = client.get(path, params)
        times.append((time.perf_counter() - start) * 1000)
        if response.status_code != 200:
            sys.exit(f"{path} {params}: HTTP {response.status_code}")
        data = json.loads(response.content)
        items += len(data["items"])
        if not data["next"]:
            return times, items
        link = urlsplit(data["next"])
        path, params = link.path, {k: v[0] for k, v in parse_qs(link.query).items()}


def measure(client, since: str, version: str | None, runs: int) -> dict:
    from django.core.cache import cache

    from core.cache import bump_content_version

    walk(client, since, version)  # renditions, warm-up
    result = {"version": version or "2.2"}
    for state, before in (("cold", cache.clear), ("after_publish", bump_content_version), ("cached", None)):
        pages, totals = [], []
        for _ in range(runs):
            if before:
                before()
            times, items = walk(client, since, version)
            pages += times
            totals.append(sum(times))
        result[state] = {
            "page_median_ms": round(statistics.median(pages), 2),
            "page_p95_ms": round(sorted(pages)[int(0.95 * (len(pages) - 1))], 2),
            "walk_median_ms": round(statistics.median(totals), 1),
            "requests": len(times),
            "items": items,
        }
    return result


def reference(client, runs: int) -> float:
    """/feeds/all.rss after a publish (50 full items, bodies cached), the median ms."""
    from core.cache import bump_content_version

    client.get("/feeds/all.rss")
    times = []
    for _ in range(runs * 10):
        bump_content_version()
        start = time.perf_counter()
        client.get("/feeds/all.rss")
        times.append((time.perf_counter() - start) * 1000)
    return round(statistics.median(times), 2)


def main(argv=None):
    args = parse_args(argv)
    os.environ.setdefault("DJANGO_DEBUG", "0")
    import pages  # bench/pages.py: database set-up, client, environment

    with pages.throwaway_site("gs-bench-ninjs-", keep=args.keep):
        from tqdm import tqdm

        checkpoint = add_changes(args.changes, tqdm)
        client = pages.make_client()
        env = pages.environment_info()
        since = checkpoint.isoformat()
        ref = reference(client, args.runs)
        results = [measure(client, since, version, args.runs) for version in (None, "1")]
        env["load_average_after"] = os.getloadavg()
        env_lines = pages.summary_lines(
            env,
            f"{args.runs} walks per state of {args.changes} changes (page_size=100, following next); "
            f"reference /feeds/all.rss after a publish = {ref:.1f} ms",
        )
        headers = ["ninjs", "state", "page median ms", "page p95", "× all.rss", "walk ms", "requests", "items"]
        headers.append(f"page < {AIM_MS:g} ms")
        rows = []
        for r in results:
            for state in ("cold", "after_publish", "cached"):
                s = r[state]
                rows.append(
                    [
                        r["version"],
                        state.replace("_", " "),
                        f"{s['page_median_ms']:.1f}",
                        f"{s['page_p95_ms']:.1f}",
                        f"{s['page_median_ms'] / ref:.2f}",
                        f"{s['walk_median_ms']:.0f}",
                        str(s["requests"]),
                        str(s["items"]),
                        "yes" if s["page_median_ms"] < AIM_MS else "NO",
                    ]
                )
        print_table("Gương Sáng: ninjs ?since walk", env_lines, headers, rows, right=set(range(2, 8)))
        if args.json:
            data = {"environment": env, "reference_ms": ref, "results": results}
            Path(args.json).write_text(json.dumps(data, ensure_ascii=False, indent=2))
            print(f"\nResults written to {args.json}")


if __name__ == "__main__":
    main()

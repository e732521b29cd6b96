"""Page benchmark: median / p95 server time and SQL query count of the public pages.

    .venv/bin/python bench/pages.py [--runs 50] [--extra-items 40] [--json out.json]

Builds its own throw-away database (a SQLite file in a temp dir, migrated and loaded with
the demo content), so it never touches db.sqlite3 or media/. Each page goes through the
full stack (middleware, Wagtail routing, templates) with Django's test Client, after the
worker's queue has made the image renditions: the numbers are steady state. See README.md.
"""

import argparse
import contextlib
import io
import json
import math
import os
import platform
import re
import shutil
import statistics
import sys
import tempfile
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

from tables import print_table  # bench/ is on sys.path when a script here is run

ROOT = Path(__file__).resolve().parent.parent
WARMUP = 3
TARGET_MS = 20.0


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=50, help="timed requests per page (default 50)")
    parser.add_argument(
        "--database-url",
        default=None,
        help="database to prepare and measure (migrate + load_demo are run on it!). Default: a "
        "throw-away SQLite file in a temp dir. Pass 'env' to use $DATABASE_URL. "
        "The DATABASE_URL environment variable is never used unless asked for this way.",
    )
    parser.add_argument(
        "--extra-items",
        type=int,
        default=0,
        help="before measuring, publish N more story pages copied from a demo story, to show "
        "query counts do not grow with the number of items (default 0)",
    )
    parser.add_argument("--json", metavar="PATH", help="also write the results as JSON to PATH")
    parser.add_argument("--media-root", help="MEDIA_ROOT to use (default: a temp dir)")
    parser.add_argument("--show-queries", action="store_true", help="print every SQL query of every page")
    parser.add_argument("--keep", action="store_true", help="keep the temp dir (database, media) afterwards")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    if args.extra_items < 0:
        parser.error("--extra-items must be 0 or more")
    return args


def configure(args, tmp: Path) -> bool:
    """Environment for settings, set BEFORE django.setup(). Returns True for a throw-away db."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    throwaway = args.database_url is None
    if throwaway:
        url = f"sqlite:///{tmp / 'bench.sqlite3'}"
    elif args.database_url == "env":
        url = os.environ.get("DATABASE_URL", "")
        if not url:
            sys.exit("--database-url env: DATABASE_URL is not set")
    else:
        url = args.database_url
    import dj_database_url

    name = str(dj_database_url.parse(url).get("NAME") or "")
    if url.startswith("sqlite:") and name and Path(name).resolve() == (ROOT / "db.sqlite3").resolve():
        sys.exit("Refusing to benchmark on the development database db.sqlite3 (it would be modified).")
    os.environ["DATABASE_URL"] = url
    os.environ["MEDIA_ROOT"] = str(Path(args.media_root).resolve() if args.media_root else tmp / "media")
    return throwaway


# --- preparing the content ----------------------------------------------------------------


def prepare_database(verbose_out):
    from django.core.management import call_command

    missing = [p for p in ("movements.json", "articles.jsonl") if not (ROOT / "home" / "demo" / p).exists()]
    if missing:
        sys.exit(f"Demo content missing: home/demo/{', home/demo/'.join(missing)}")
    call_command("migrate", interactive=False, verbosity=0, stdout=verbose_out)
    out, err = io.StringIO(), io.StringIO()
    call_command("load_demo", stdout=out, stderr=err)
    verbose_out.write(out.getvalue())
    if err.getvalue().strip():
        print(err.getvalue(), file=sys.stderr)
    # The image renditions load_demo queued, made as the worker makes them (core.renditions),
    # so the pages are measured as readers get them once the worker has caught up.
    call_command("run_worker", "--once", stdout=verbose_out)


def add_extra_stories(n: int, movement_url: str, progress) -> list[int]:
    """Publish n copies of a demo story (same awards, movements, localities, tags, image)
    with the normal Wagtail API: Page.copy + save_revision().publish(). The copies are the
    newest stories, so they are the ones listed on the home page, index page 1, and (the
    source story being linked to the measured movement) that movement's page."""
    from django.utils import timezone

    from exemplars.models import StoryPage

    stories = list(StoryPage.objects.live().order_by("path"))
    if not stories:
        sys.exit("--extra-items: no live story to copy")
    on_movement = [s for s in stories if any(m.url and urlsplit(m.url).path == movement_url for m in s.movements.all())]
    # The richest story (linked to the measured movement if possible): the most awards,
    # movements and localities, so the copies exercise every per-item relation.
    source = max(
        on_movement or stories,
        key=lambda s: (s.hero_image_id is not None, s.awards.count(), s.movements.count(), s.localities.count(), -s.pk),
    )
    parent = source.get_parent()
    taken = set(parent.get_children().values_list("slug", flat=True))
    now = timezone.now()
    created = []
    for i in progress(range(1, n + 1), desc="extra stories", unit="page"):
        slug, k = f"{source.slug}-ban-sao-{i}", i
        while slug in taken:
            k += n
            slug = f"{source.slug}-ban-sao-{k}"
        taken.add(slug)
        copy = source.copy(
            to=parent,
            update_attrs={
                "title": f"{source.title} (bản sao {i})",
                "slug": slug,
                "published_at": now - timedelta(minutes=i),
            },
            keep_live=False,
        )
        copy.save_revision().publish()
        created.append(copy.pk)
    return created


def pick_pages():
    """(label, url) of the pages to measure, found in the content, not hard-coded."""
    from django.db.models import Count

    from core.kinds import get_kind
    from exemplars.models import StoryPage
    from movements.models import MovementIndexPage, MovementPage

    def path_of(page, what):
        if page is None:
            sys.exit(f"No live {what} in the database: is the demo content loaded?")
        url = page.get_url()
        if url is None:
            sys.exit(f"{what} {page} has no URL (not under the default site?)")
        return urlsplit(url).path

    stories = StoryPage.objects.live().public().order_by("path")
    story = stories.first()
    # The story with the most awards: a per-award query shows as a higher count than above.
    most_awards = stories.annotate(n=Count("awards")).order_by("-n", "path").first()
    movement = (  # the movement with the most articles: the fullest hub page
        MovementPage.objects.live()
        .public()
        .annotate(n=Count("exemplars_storypage_set", distinct=True) + Count("news_newspage_set", distinct=True))
        .order_by("-n", "path")
        .first()
    )
    pages = [
        ("home", "/"),
        ("story page", path_of(story, "story page")),
        ("story (awards)", path_of(most_awards, "story page")),
        ("story index", path_of(get_kind("story").index_model.objects.live().first(), "story index")),
        ("news index", path_of(get_kind("news").index_model.objects.live().first(), "news index")),
        ("movement index", path_of(MovementIndexPage.objects.live().first(), "movement index")),
        ("movement page", path_of(movement, "movement page")),
    ]
    documents = get_kind("document")
    if documents is not None:  # issue 17: the list, the most cited document, the map
        from core.models import Citation

        cited = Citation.objects.values("number_key").annotate(n=Count("page")).order_by("-n").first()
        document = documents.model.objects.live().filter(number_key=cited["number_key"]).first() if cited else None
        pages += [
            ("document index", path_of(documents.index_model.objects.live().first(), "document index")),
            ("document (most cited)", path_of(document or documents.model.objects.live().first(), "document page")),
            ("map", "/ban-do/"),
        ]
    if most_awards.pk == story.pk:
        pages.pop(2)
    return pages


# --- measuring --------------------------------------------------------------------------


def make_client():
    """A test Client that addresses the default Wagtail site as a browser would."""
    from django.conf import settings
    from django.test import Client
    from wagtail.models import Site

    site = Site.objects.get(is_default_site=True)
    host = site.hostname if site.port in (80, 443) else f"{site.hostname}:{site.port}"
    if "*" not in settings.ALLOWED_HOSTS and site.hostname not in settings.ALLOWED_HOSTS:
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, site.hostname]
    return Client(HTTP_HOST=host, SERVER_NAME=site.hostname, SERVER_PORT=str(site.port), secure=site.port == 443)


@contextlib.contextmanager
def throwaway_site(prefix: str, keep: bool = False):
    """A demo site of a bench script's own: a temporary SQLite database and MEDIA_ROOT, migrated
    and loaded with the demo, Django set up; closed and removed afterwards unless `keep`."""
    tmp = Path(tempfile.mkdtemp(prefix=prefix))
    ready = False
    try:
        configure(argparse.Namespace(database_url=None, media_root=None), tmp)
        import django

        django.setup()
        ready = True
        print(f"Preparing the database ({os.environ['DATABASE_URL']}): migrate, load_demo…", file=sys.stderr)
        prepare_database(io.StringIO())
        yield tmp
    finally:
        if ready:
            from django.db import connections

            connections.close_all()
        if keep:
            print(f"Kept {tmp}", file=sys.stderr)
        else:
            shutil.rmtree(tmp, ignore_errors=True)


def summary_lines(env, method: str) -> list[str]:
    """The lines above a bench table: machine and load, software, database, method."""
    return [
        f"Machine : {env['platform']}, {env['cpu_count']} CPUs, load {env['load_average_before'][0]:.2f} before / "
        f"{env['load_average_after'][0]:.2f} after",
        f"Python  : {env['python']}, Django {env['django']}, Wagtail {env['wagtail']}, DEBUG={env['debug']}",
        f"Database: {env['database_engine']}, cache {env['cache']}",
        f"Method  : {method}",
    ]


def percentile(values, pct):
    """Nearest-rank percentile (p95 of 50 runs is the 48th fastest)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(pct / 100 * len(ordered)) - 1)]


_NUMBER = re.compile(r"\b\d+(\.\d+)?\b")
_STRING = re.compile(r"'(?:[^']|'')*'|%s")
_COLUMNS = re.compile(r"^SELECT (DISTINCT )?.*? FROM")
_IN_LIST = re.compile(r"IN \((\?(, )?)+\)")


def normalise(sql: str) -> str:
    """SQL with literals replaced by ?, so the same query for another row groups together."""
    sql = _STRING.sub("?", sql)
    sql = _NUMBER.sub("?", sql)
    return _IN_LIST.sub("IN (…)", sql)


def measure(client, label, url, runs, bar):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from core.cache import bump_content_version

    def get():
        response = client.get(url)
        if response.status_code != 200:
            sys.exit(f"{label} {url}: HTTP {response.status_code}, expected 200")
        bar.update()
        return response

    bar.set_postfix_str(label)
    for _ in range(WARMUP):  # first views generate renditions and fill caches
        get()

    def timed(cold):
        """cold: as right after a publish, the page cache misses (card and figure fragments,
        renditions and the locality menu stay warm, as they do in production)."""
        times, cpu_times = [], []
        for _ in range(runs):
            if cold:
                bump_content_version()
            start, cpu_start = time.perf_counter(), time.process_time()
            get()
            times.append((time.perf_counter() - start) * 1000)
            cpu_times.append((time.process_time() - cpu_start) * 1000)
        return times, cpu_times

    times, cpu_times = timed(cold=False)
    cold_times, _ = timed(cold=True)
    bump_content_version()
    with CaptureQueriesContext(connection) as ctx:  # the queries of a page-cache miss
        response = get()
    with CaptureQueriesContext(connection) as hit_ctx:
        get()
    queries = [q["sql"] for q in ctx.captured_queries]
    repeats = {sql: n for sql, n in Counter(normalise(q) for q in queries).items() if n > 1}
    return {
        "page": label,
        "url": url,
        "cards": response.content.count(b'<article class="card'),
        "bytes": len(response.content),
        "runs": runs,
        "median_ms": round(statistics.median(times), 2),
        "p95_ms": round(percentile(times, 95), 2),
        "min_ms": round(min(times), 2),
        "cpu_median_ms": round(statistics.median(cpu_times), 2),
        "uncached_median_ms": round(statistics.median(cold_times), 2),
        "uncached_p95_ms": round(percentile(cold_times, 95), 2),
        "queries": len(queries),
        "queries_cached": len(hit_ctx.captured_queries),
        "repeated_queries": dict(sorted(repeats.items(), key=lambda kv: -kv[1])),
        "sql": queries,
    }


# --- reporting --------------------------------------------------------------------------


def environment_info():
    import django
    import wagtail
    from django.conf import settings
    from django.db import connection

    connection.ensure_connection()
    engine = connection.vendor
    if engine == "sqlite":
        import sqlite3

        engine_version = sqlite3.sqlite_version
        where = str(connection.settings_dict["NAME"])
    else:
        info = connection.connection.info if hasattr(connection.connection, "info") else None
        engine_version = str(getattr(info, "server_version", "") or getattr(connection, "pg_version", ""))
        where = f"{connection.settings_dict.get('HOST') or 'localhost'}/{connection.settings_dict['NAME']}"
    return {
        "platform": platform.platform(),
        "machine": platform.machine(),
        "processor": platform.processor() or "",
        "python": platform.python_version(),
        "python_implementation": platform.python_implementation(),
        "cpu_count": os.cpu_count(),
        "django": django.get_version(),
        "wagtail": wagtail.__version__,
        "settings": os.environ["DJANGO_SETTINGS_MODULE"],
        "debug": settings.DEBUG,
        "database_engine": f"{engine} {engine_version}".strip(),
        "database": where,
        "cache": settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1],
        "load_average_before": os.getloadavg() if hasattr(os, "getloadavg") else None,
    }


def content_counts():
    from core.kinds import all_kinds
    from movements.models import MovementPage

    counts = {kind.key: kind.model.objects.live().count() for kind in all_kinds()}
    counts["movement"] = MovementPage.objects.live().count()
    return counts


def print_report(env, counts, results, extra_items, created):
    env_lines = [
        f"Machine : {env['platform']} ({env['machine']}), {env['cpu_count']} CPUs",
        f"Python  : {env['python_implementation']} {env['python']}, Django {env['django']}, Wagtail {env['wagtail']}",
        f"Database: {env['database_engine']} ({env['database']})",
        f"Settings: {env['settings']} (DEBUG={env['debug']}), cache {env['cache']}",
        "Load    : "
        + (
            f"{env['load_average_before'][0]:.2f} before, {env['load_average_after'][0]:.2f} after (1-min load average; "
            "other processes on the machine make the times noisy)"
            if env.get("load_average_before")
            else "n/a"
        ),
        "Content : "
        + ", ".join(f"{n} {k}" for k, n in counts.items())
        + (f" (incl. {len(created)} extra stories)" if extra_items else ""),
        f"Method  : {WARMUP} warm-up requests per page (renditions made by run_worker --once first), then {results[0]['runs']} timed "
        f"requests with the page cache warm and {results[0]['runs']} with it missing (content version bumped, as "
        f"after a publish); wall time of client.get() in-process (no network); queries of one request each way.",
    ]
    headers = [
        "Page",
        "URL",
        "Cards",
        "Median ms",
        "p95 ms",
        "CPU ms",
        "Uncached median",
        "Uncached p95",
        "Queries (uncached/cached)",
        "Repeated",
        f"< {TARGET_MS:g} ms",
    ]
    rows = [
        [
            r["page"],
            r["url"] if len(r["url"]) <= 48 else r["url"][:47] + "…",
            str(r["cards"]),
            f"{r['median_ms']:.1f}",
            f"{r['p95_ms']:.1f}",
            f"{r['cpu_median_ms']:.1f}",
            f"{r['uncached_median_ms']:.1f}",
            f"{r['uncached_p95_ms']:.1f}",
            f"{r['queries']}/{r['queries_cached']}",
            str(sum(r["repeated_queries"].values()) - len(r["repeated_queries"])) if r["repeated_queries"] else "0",
            "yes" if r["median_ms"] < TARGET_MS else "NO",
        ]
        for r in results
    ]
    print_table("Gương Sáng: page benchmark", env_lines, headers, rows, right={2, 3, 4, 5, 6, 7, 8, 9})
    print("\n'Cards' = article cards listed on the page. 'CPU ms' = median CPU time of this process per request")
    print(
        "(SQLite runs in-process, so it includes the database work); it is less affected by other load than wall time."
    )
    print("'Uncached' = the page cache misses (as right after any publish); 'Repeated' counts queries of the")
    print("uncached request that are the same SQL (literals aside) as an earlier one in the request.")

    for r in results:
        if r["repeated_queries"]:
            print(f"\nRepeated queries on {r['page']} ({r['url']}):")
            for sql, n in r["repeated_queries"].items():
                short = _COLUMNS.sub(r"SELECT \1… FROM", sql, count=1)
                print(f"  {n}x  {short if len(short) <= 400 else short[:399] + '…'}")


def main(argv=None):
    args = parse_args(argv)
    tmp = Path(tempfile.mkdtemp(prefix="gs-bench-"))
    created, throwaway, ready = [], True, False
    try:
        throwaway = configure(args, tmp)

        import django

        django.setup()
        ready = True
        from tqdm import tqdm

        print(f"Preparing the database ({os.environ['DATABASE_URL']}): migrate, load_demo…", file=sys.stderr)
        prepare_database(io.StringIO())
        pages = pick_pages()  # before the extra items, so both runs measure the same pages
        if args.extra_items:
            created = add_extra_stories(args.extra_items, dict(pages)["movement page"], tqdm)
        client = make_client()
        env = environment_info()
        counts = content_counts()
        bar = tqdm(total=len(pages) * (WARMUP + args.runs + 1), desc="measuring", unit="req")
        results = [measure(client, label, url, args.runs, bar) for label, url in pages]
        bar.close()
        env["load_average_after"] = os.getloadavg() if hasattr(os, "getloadavg") else None

        print_report(env, counts, results, args.extra_items, created)
        if args.show_queries:
            for r in results:
                print(f"\n--- {r['page']} {r['url']}: {r['queries']} queries")
                for i, sql in enumerate(r["sql"], 1):
                    print(f"{i:3}. {sql}")
        if args.json:
            payload = {
                "environment": env,
                "content": counts,
                "extra_items": args.extra_items,
                "warmup": WARMUP,
                "target_ms": TARGET_MS,
                "results": results,
            }
            Path(args.json).write_text(json.dumps(payload, ensure_ascii=False, indent=2), encoding="utf-8")
            print(f"\nResults written to {args.json}")
    finally:
        if ready:
            from django.db import connections

            if created and not throwaway:  # leave an explicitly given database as we found it
                from wagtail.models import Page

                for page in Page.objects.filter(pk__in=created):
                    page.delete()
            connections.close_all()
        if args.keep:
            print(f"Kept {tmp}", file=sys.stderr)
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()

"""Lighthouse and page weight: the reader pages as a phone on a slow network gets them (issue 13).

    .venv/bin/python bench/lighthouse.py [--runs 3] [--pages home,story,section,search] [--json out.json]

Builds a throw-away site in a temp dir (SQLite file, MEDIA_ROOT, PRIVATE_MEDIA_ROOT, STATIC_ROOT;
`migrate`, `load_demo`, `collectstatic`, `run_worker --once`) and serves it the production way on
loopback: gunicorn (2 sync workers) with config.settings.production (SECRET_KEY, ALLOWED_HOSTS,
SITE_URL from here; plain HTTP, so SECURE_SSL_REDIRECT=0 and SECURE_HSTS_SECONDS=0), behind
Debian's nginx with deploy/nginx/locations.conf (/media/ from the disk, a month's Cache-Control;
the rest to gunicorn instead of Varnish) and guongsang.conf's gzip lines. Everything is stopped
and deleted on exit. Needs nginx, node/npm and Debian's chromium (apt-get install nginx-light
nodejs npm chromium); no browser is ever downloaded.

1. Warm-up: every page (and a second story) once in Chromium, scrolled to the end, so the image
   renditions and the page cache exist as they do on a live site.
2. Page weight (Playwright, Chromium, a phone: 390x844, DPR 2, is_mobile, touch): the bytes over
   the wire of every response (CDP Network.loadingFinished encodedDataLength: compressed body
   plus HTTP headers; 0 for what comes from the browser's cache), split into HTML, CSS, JS,
   images and other, for a first visit to a story with an empty cache (on load, then scrolled to
   the end: lazy images), then in the same context the same story again and another story.
3. Lighthouse (npm, pinned: --lighthouse-version, installed once into --cache-dir, outside the
   project) on home, a story, the section front /guong-sang/ and search, mobile with its default
   (simulated) throttling, --runs times each; the run with the median performance score is kept:
   the four category scores, LCP, CLS, TBT, and every audit that did not pass.
"""

import argparse
import contextlib
import json
import os
import platform
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from load import HOST, ROOT, Children, Gunicorn, free_port, http_get, load_average, log, prepare
from tables import print_table

CHROMIUM = "/usr/bin/chromium"
CHROME_FLAGS = [
    "--headless=new",
    "--no-sandbox",  # we may run as root
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LIGHTHOUSE_VERSION = "12.8.2"  # 13.x needs Node >= 22.19; Debian 12 has Node 20
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
AIMS = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}
WEIGHT_AIMS_KB = {"first": 150, "repeat": 30}
KINDS = {"Document": "HTML", "Stylesheet": "CSS", "Script": "JS", "Image": "images"}
KIND_ORDER = ["HTML", "CSS", "JS", "images", "other"]
LOCATIONS = ROOT / "deploy" / "nginx" / "locations.conf"


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page; the median is kept (default 3)")
    parser.add_argument(
        "--pages", default="home,story,section,search", help="Lighthouse pages, comma-separated (default all four)"
    )
    parser.add_argument("--no-lighthouse", action="store_true", help="page weight only")
    parser.add_argument("--no-weight", action="store_true", help="Lighthouse only")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument(
        "--lighthouse-version", default=LIGHTHOUSE_VERSION, help=f"npm version (default {LIGHTHOUSE_VERSION})"
    )
    parser.add_argument(
        "--cache-dir",
        default=str(Path.home() / ".cache" / "guongsang" / "lighthouse"),
        help="where npm installs Lighthouse (default ~/.cache/guongsang/lighthouse)",
    )
    parser.add_argument("--chromium", default=CHROMIUM, help=f"Chromium binary (default {CHROMIUM})")
    parser.add_argument("--reports", metavar="DIR", help="keep Lighthouse's JSON reports in DIR")
    parser.add_argument("--json", metavar="PATH", help="also write the results as JSON to PATH")
    parser.add_argument("--keep", action="store_true", help="keep the temp dir (database, media, logs)")
    return parser.parse_args(argv)


# --- the site -------------------------------------------------------------------------------


def manage(env, tmp, *args):
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=1200
    )
    (tmp / f"{args[0]}.log").write_text(done.stdout + done.stderr)
    if done.returncode:
        sys.exit(f"manage.py {' '.join(args)} failed ({done.returncode}):\n{(done.stdout + done.stderr)[-3000:]}")


class Nginx:
    """deploy/nginx/locations.conf with this site's MEDIA_ROOT, and gunicorn where Varnish would be."""

    def __init__(self, children, tmp, port, media_root, upstream_port):
        binary = shutil.which("nginx") or "/usr/sbin/nginx"
        if not Path(binary).exists():
            sys.exit("nginx not found: apt-get install -y nginx-light")
        self.port, self.dir = port, tmp / "nginx"
        self.dir.mkdir()
        text = LOCATIONS.read_text()
        if "/srv/guongsang/media/" not in text or "127.0.0.1:6081" not in text:
            sys.exit("deploy/nginx/locations.conf changed: update bench/lighthouse.py")
        locations = self.dir / "locations.conf"
        locations.write_text(
            text.replace("/srv/guongsang/media/", f"{media_root}/").replace("127.0.0.1:6081", f"{HOST}:{upstream_port}")
        )
        temp = "\n".join(
            f"    {k}_temp_path {self.dir}/{k};" for k in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        )
        conf = self.dir / "nginx.conf"
        conf.write_text(f"""
{"user root;" if os.geteuid() == 0 else ""}
worker_processes 1;
error_log {self.dir}/error.log;
pid {self.dir}/nginx.pid;
events {{}}
http {{
    include /etc/nginx/mime.types;
    access_log off;
{temp}
    server {{
        listen {HOST}:{self.port};
        gzip on;  # as deploy/nginx/guongsang.conf
        gzip_types image/svg+xml application/json text/css application/javascript;
        include {locations};
    }}
}}
""")
        self.proc = children.start(
            [binary, "-p", str(self.dir), "-c", str(conf), "-g", "daemon off;"],
            stdout=open(self.dir / "out.log", "wb"),  # noqa: SIM115 (the child process holds it)
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 15
        while http_get(self.port, "/health/live/", timeout=2)[0] != 200:
            if self.proc.poll() is not None or time.monotonic() > deadline:
                sys.exit(f"nginx did not start: {self.dir / 'error.log'}")
            time.sleep(0.2)


def find_stories(port, count=2):
    status, body, _, error = http_get(port, "/guong-sang/", timeout=30)
    if status != 200:
        sys.exit(f"/guong-sang/: HTTP {status} {error}: cannot find a story to measure")
    found = []
    for match in re.finditer(r'href="(?:https?://[^/"]+)?(/guong-sang/[^/"?#]+/)"', body.decode("utf-8", "replace")):
        if match.group(1) not in found:
            found.append(match.group(1))
    if len(found) < count:
        sys.exit(f"/guong-sang/: fewer than {count} links to stories")
    return found[:count]


# --- page weight (Playwright) ---------------------------------------------------------------


class Transfers:
    """Bytes over the wire per request, from the DevTools protocol."""

    def __init__(self, cdp):
        self.kinds, self.bytes, self.cached = {}, {}, set()
        cdp.on("Network.responseReceived", self.response)
        cdp.on("Network.requestServedFromCache", lambda e: self.cached.add(e["requestId"]))
        cdp.on("Network.loadingFinished", lambda e: self.bytes.__setitem__(e["requestId"], e["encodedDataLength"]))
        cdp.send("Network.enable")

    def response(self, event):
        response = event["response"]
        self.kinds[event["requestId"]] = (
            KINDS.get(event["type"], "other"),
            response["url"],
            response["status"],
            response.get("fromDiskCache") or response.get("fromPrefetchCache"),
        )
        if response.get("fromDiskCache"):
            self.cached.add(event["requestId"])

    def since(self, mark):
        """{kind: [bytes, requests over the network, requests from the cache]} since mark()."""
        totals = {kind: [0, 0, 0] for kind in KIND_ORDER}
        for request_id, size in self.bytes.items():
            if request_id in mark:
                continue
            kind = self.kinds.get(request_id, ("other",))[0]
            if request_id in self.cached or size == 0:
                totals[kind][2] += 1
            else:
                totals[kind][0] += size
                totals[kind][1] += 1
        return totals

    def mark(self):
        return set(self.bytes)

    def details(self, mark):
        return [
            {"kind": k[0], "url": k[1], "status": k[2], "bytes": self.bytes.get(r, 0), "cached": r in self.cached}
            for r, k in self.kinds.items()
            if r not in mark
        ]


def settle(page):
    # A long poll would keep the network busy: then what has come has come.
    with contextlib.suppress(Exception):
        page.wait_for_load_state("networkidle", timeout=15000)


def read_to_end(page):
    """Scroll down a screen at a time, as a reader does, so lazy images load."""
    height = page.evaluate("document.documentElement.scrollHeight")
    for y in range(0, height + 844, 600):
        page.evaluate(f"window.scrollTo(0, {y})")
        page.wait_for_timeout(100)
    settle(page)


def phone(browser):
    return browser.new_context(
        viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True, has_touch=True, locale="vi-VN"
    )


def warm_and_weigh(args, base, paths, stories):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=args.chromium, args=CHROME_FLAGS[1:])
        context = phone(browser)
        page = context.new_page()
        for path in [*paths.values(), *stories]:
            log(f"  warm-up {path}")
            page.goto(base + path, wait_until="load", timeout=120000)
            read_to_end(page)
        context.close()
        if args.no_weight:
            browser.close()
            return None

        context = phone(browser)
        page = context.new_page()
        transfers = Transfers(context.new_cdp_session(page))
        visits = {}
        mark = transfers.mark()
        page.goto(base + stories[0], wait_until="load")
        settle(page)
        visits["first visit, on load"] = transfers.since(mark)
        read_to_end(page)
        visits["first visit, read to the end"] = transfers.since(mark)
        first_details = transfers.details(mark)
        mark = transfers.mark()
        page.goto(base + stories[0], wait_until="load")
        read_to_end(page)
        visits["repeat: the same story"] = transfers.since(mark)
        repeat_details = transfers.details(mark)
        mark = transfers.mark()
        page.goto(base + stories[1], wait_until="load")
        read_to_end(page)
        visits["repeat: another story"] = transfers.since(mark)
        other_details = transfers.details(mark)
        browser.close()
    return {
        "visits": visits,
        "requests": {"first": first_details, "repeat_same": repeat_details, "repeat_other": other_details},
    }


def kb(n):
    return f"{n / 1024:.1f}"


def weight_rows(visits):
    rows = []
    for label, totals in visits.items():
        total = sum(v[0] for v in totals.values())
        network = sum(v[1] for v in totals.values())
        cached = sum(v[2] for v in totals.values())
        rows.append([label, *[kb(totals[k][0]) for k in KIND_ORDER], kb(total), str(network), str(cached)])
    return rows


# --- Lighthouse -----------------------------------------------------------------------------


def lighthouse_binary(args):
    cache = Path(args.cache_dir)
    binary = cache / "node_modules" / ".bin" / "lighthouse"
    package = cache / "node_modules" / "lighthouse" / "package.json"
    if not binary.exists() or json.loads(package.read_text())["version"] != args.lighthouse_version:
        if not shutil.which("npm"):
            sys.exit("npm not found: apt-get install -y nodejs npm")
        log(f"Installing lighthouse@{args.lighthouse_version} into {cache} (once)…")
        cache.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [
                "npm",
                "install",
                "--prefix",
                str(cache),
                "--no-audit",
                "--no-fund",
                f"lighthouse@{args.lighthouse_version}",
            ],
            check=True,
            env={**os.environ, "PUPPETEER_SKIP_DOWNLOAD": "1"},
        )
    return binary


def lighthouse_command(binary, url, output):
    return [
        str(binary),
        url,
        "--output=json",
        f"--output-path={output}",
        "--only-categories=" + ",".join(CATEGORIES),
        "--chrome-flags=" + " ".join(CHROME_FLAGS),
        "--quiet",
    ]


def lighthouse(args, binary, url, output):
    env = {**os.environ, "CHROME_PATH": args.chromium}
    done = subprocess.run(lighthouse_command(binary, url, output), env=env, capture_output=True, text=True, timeout=300)
    if done.returncode or not output.exists():
        sys.exit(f"lighthouse failed on {url} ({done.returncode}):\n{done.stderr[-3000:]}")
    report = json.loads(output.read_text())
    if report.get("runtimeError"):
        sys.exit(f"lighthouse: {report['runtimeError']}")
    audits = report["audits"]
    failing = []
    for category in CATEGORIES:
        for ref in report["categories"][category]["auditRefs"]:
            audit = audits[ref["id"]]
            if (
                audit["score"] is not None
                and audit["score"] < 1
                and audit["scoreDisplayMode"] in ("binary", "numeric", "metricSavings")
            ):
                failing.append(
                    {
                        "category": category,
                        "id": ref["id"],
                        "title": audit["title"],
                        "score": audit["score"],
                        "display": audit.get("displayValue", ""),
                        "weight": ref["weight"],
                    }
                )
    return {
        "scores": {c: round(report["categories"][c]["score"] * 100) for c in CATEGORIES},
        "lcp_ms": audits["largest-contentful-paint"]["numericValue"],
        "fcp_ms": audits["first-contentful-paint"]["numericValue"],
        "cls": audits["cumulative-layout-shift"]["numericValue"],
        "tbt_ms": audits["total-blocking-time"]["numericValue"],
        "failing": failing,
        "lighthouse": report["lighthouseVersion"],
        "user_agent": report["environment"]["hostUserAgent"],
    }


def main(argv=None):
    args = parse_args(argv)
    pages = [p.strip() for p in args.pages.split(",") if p.strip()]
    unknown = set(pages) - {"home", "story", "section", "search"}
    if unknown:
        sys.exit(f"--pages: unknown {', '.join(sorted(unknown))}")
    if not Path(args.chromium).exists():
        sys.exit(f"Chromium not found at {args.chromium}: apt-get install -y chromium")
    binary = None if args.no_lighthouse else lighthouse_binary(args)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    started = time.monotonic()
    tmp = Path(tempfile.mkdtemp(prefix="gs-lighthouse-"))
    children = Children()
    try:
        gunicorn_port = free_port()
        env = {
            k: v
            for k, v in os.environ.items()
            if k not in ("REDIS_URL", "ELASTICSEARCH_URL", "DATABASE_URL", "FRONT_CACHE_URL")
            and not k.startswith("DJANGO_")
        }
        env.update(
            DJANGO_SETTINGS_MODULE="config.settings.production",
            SECRET_KEY=secrets.token_urlsafe(50),
            ALLOWED_HOSTS=f"{HOST},localhost",
            SECURE_SSL_REDIRECT="0",  # plain HTTP on loopback; in production the TLS proxy is in front
            SECURE_HSTS_SECONDS="0",
            DATABASE_URL=f"sqlite:///{tmp / 'site.sqlite3'}",
            MEDIA_ROOT=str(tmp / "media"),
            PRIVATE_MEDIA_ROOT=str(tmp / "private-media"),
            STATIC_ROOT=str(tmp / "static"),
            PYTHONUNBUFFERED="1",
        )
        nginx_port = free_port()  # SITE_URL must be known before the site is built
        env["SITE_URL"] = f"http://{HOST}:{nginx_port}"
        prepare(env, tmp)
        log("collectstatic, run_worker --once…")
        manage(env, tmp, "collectstatic", "--noinput")
        manage(env, tmp, "run_worker", "--once")
        log(f"Starting gunicorn ({args.workers} workers, config.settings.production) and nginx…")
        Gunicorn(children, env, gunicorn_port, args.workers, 1, 0, tmp / "gunicorn.log")
        nginx = Nginx(children, tmp, nginx_port, tmp / "media", gunicorn_port)
        base = f"http://{HOST}:{nginx.port}"
        stories = find_stories(nginx.port)
        paths = {"home": "/", "story": stories[0], "section": "/guong-sang/", "search": "/search/?q=nguoi+tot"}
        log("Warm-up and page weight (Playwright)…")
        weight = warm_and_weigh(args, base, paths, stories)
        results = {"stories": stories, "weight": weight, "lighthouse": {}}

        env_lines = [
            f"Python {platform.python_version()}, {platform.platform()}, {os.cpu_count()} CPUs, load {load_average()}",
            f"gunicorn {args.workers} sync workers (config.settings.production) behind nginx "
            "(deploy/nginx/locations.conf), SQLite, demo content",
        ]
        if weight:
            print_table(
                f"Page weight of a story, KB over the wire (phone 390x844; first: {stories[0]}, other: {stories[1]})",
                env_lines,
                ["visit", *KIND_ORDER, "total", "requests", "from cache"],
                weight_rows(weight["visits"]),
                right=set(range(1, 9)),
            )
        if binary:
            reports = Path(args.reports) if args.reports else tmp / "reports"
            reports.mkdir(parents=True, exist_ok=True)
            rows = []
            for name in pages:
                runs = []
                for n in range(args.runs):
                    log(f"  lighthouse {name} ({paths[name]}) run {n + 1}/{args.runs}")
                    runs.append(lighthouse(args, binary, base + paths[name], reports / f"{name}-{n + 1}.json"))
                runs.sort(key=lambda r: (r["scores"]["performance"], -r["lcp_ms"]))
                kept = runs[(len(runs) - 1) // 2]
                kept["performance_all_runs"] = [r["scores"]["performance"] for r in runs]
                results["lighthouse"][name] = {"path": paths[name], **kept}
                rows.append(
                    [
                        f"{name} {paths[name]}",
                        *[str(kept["scores"][c]) for c in CATEGORIES],
                        f"{kept['lcp_ms'] / 1000:.2f}",
                        f"{kept['cls']:.3f}",
                        f"{kept['tbt_ms']:.0f}",
                        " ".join(str(s) for s in kept["performance_all_runs"]),
                    ]
                )
            version = next(iter(results["lighthouse"].values()))["lighthouse"] if rows else args.lighthouse_version
            print_table(
                f"Lighthouse {version}, mobile, simulated throttling; median of {args.runs} run(s)",
                env_lines,
                ["page", "perf", "a11y", "best pr.", "SEO", "LCP s", "CLS", "TBT ms", "perf, every run"],
                rows,
                right=set(range(1, 8)),
            )
            for name, result in results["lighthouse"].items():
                if result["failing"]:
                    print(f"\n{name}: audits not passed")
                    for f in sorted(result["failing"], key=lambda f: (f["category"], -f["weight"])):
                        print(f"  [{f['category']}] {f['id']}: {f['title']} (score {f['score']}) {f['display']}")
            below = [
                f"{name} {c} {r['scores'][c]} < {AIMS[c]}"
                for name, r in results["lighthouse"].items()
                for c in CATEGORIES
                if r["scores"][c] < AIMS[c]
            ]
            print("\nAims (perf >= 95, the others 100): " + ("met" if not below else "not met: " + "; ".join(below)))
        if weight:
            first = sum(v[0] for v in weight["visits"]["first visit, read to the end"].values())
            repeat = sum(v[0] for v in weight["visits"]["repeat: the same story"].values())
            print(
                f"Story weight: first visit {kb(first)} KB (aim < {WEIGHT_AIMS_KB['first']}), "
                f"repeat {kb(repeat)} KB (aim < {WEIGHT_AIMS_KB['repeat']})"
            )
        log(f"Done in {time.monotonic() - started:.0f} s")
        if args.json:
            Path(args.json).write_text(json.dumps(results, indent=2, ensure_ascii=False))
    finally:
        children.stop_all()
        if args.keep:
            log(f"Kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()

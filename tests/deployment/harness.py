"""A real deployment on this machine, for tests about processes: its own database (a SQLite file,
or a new database on the PostgreSQL server the suite runs on), gunicorn with several workers,
`run_worker`, `import_articles` and `manage.py shell` as separate processes, optionally Redis.

Nothing here is a mock: the tests read what a reader of another process gets over HTTP."""

import atexit
import contextlib
import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).with_name("gunicorn"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, seconds: float = 30, process=None) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"process exited with {process.returncode} before listening on {port}")
        try:
            socket.create_connection(("127.0.0.1", port), 0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    raise TimeoutError(f"nothing listens on {port} after {seconds}s")


def eventually(check, seconds: float = 10, every: float = 0.2):
    """Call check() until it returns a truthy value; returns (value, seconds it took)."""
    started = time.monotonic()
    while True:
        value = check()
        if value:
            return value, time.monotonic() - started
        if time.monotonic() - started > seconds:
            return value, time.monotonic() - started
        time.sleep(every)


@dataclass
class Response:
    status: int
    body: str
    headers: dict
    seconds: float


@dataclass
class Deployment:
    """One site: a database, media folder and address shared by all its processes."""

    database_url: str
    port: int
    tmp: Path
    env_extra: dict = field(default_factory=dict)
    processes: list = field(default_factory=list)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def env(self, **extra) -> dict:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST_"))}
        env.update(
            DJANGO_SETTINGS_MODULE="config.settings.dev",
            DJANGO_DEBUG="0",
            DATABASE_URL=self.database_url,
            MEDIA_ROOT=str(self.tmp / "media"),
            PRIVATE_MEDIA_ROOT=str(self.tmp / "private"),
            SITE_URL=self.base,
            PYTHONUNBUFFERED="1",
        )
        env.pop("REDIS_URL", None)
        env.pop("ELASTICSEARCH_URL", None)
        env.update(self.env_extra)
        env.update({k: str(v) for k, v in extra.items()})
        return env

    # --- commands, each in its own process ----------------------------------------------

    def manage(self, *args, timeout=300, check=True, **env) -> subprocess.CompletedProcess:
        done = subprocess.run(
            [PYTHON, "manage.py", *args], cwd=ROOT, env=self.env(**env), timeout=timeout, capture_output=True, text=True
        )
        if check and done.returncode != 0:
            raise AssertionError(
                f"manage.py {' '.join(args)} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}"
            )
        return done

    def shell(self, code: str, **env):
        """Run Python in `manage.py shell` (another process); returns what it printed as JSON."""
        done = self.manage("shell", "-c", code, **env)
        lines = [line for line in done.stdout.splitlines() if line.strip()]
        return json.loads(lines[-1]) if lines else None

    def import_lines(self, records: list[dict], **env) -> subprocess.CompletedProcess:
        path = self.tmp / f"import-{uuid.uuid4().hex[:8]}.jsonl"
        path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", encoding="utf-8")
        return self.manage("import_articles", str(path), **env)

    # --- long-running processes ---------------------------------------------------------

    def start(self, args, log_name: str, **env) -> subprocess.Popen:
        log = open(self.tmp / log_name, "w")  # noqa: SIM115 (closed with the process)
        process = subprocess.Popen(
            args, cwd=ROOT, env=self.env(**env), stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        process.log_path = self.tmp / log_name
        self.processes.append(process)
        return process

    def start_web(self, workers: int = 2, **env) -> subprocess.Popen:
        process = self.start(
            [
                GUNICORN,
                "config.wsgi",
                "--workers",
                str(workers),
                "--bind",
                f"127.0.0.1:{self.port}",
                "--timeout",
                "30",
                "--graceful-timeout",
                "2",
                "--log-level",
                "warning",
            ],
            f"web-{len(self.processes)}.log",
            **env,
        )
        wait_for_port(self.port, process=process)
        return process

    def start_worker(self, **env) -> subprocess.Popen:
        return self.start(
            [PYTHON, "manage.py", "run_worker", "--interval", "0.3"], f"worker-{len(self.processes)}.log", **env
        )

    def stop(self, process) -> None:
        stop_process_group(process)
        if process in self.processes:
            self.processes.remove(process)

    def stop_all(self) -> None:
        for process in list(self.processes):
            self.stop(process)

    # --- what a reader gets ----------------------------------------------------------

    def get(self, path: str, timeout: float = 15, decode_errors: str = "strict", **headers) -> Response:
        return http_get(self.base + path, timeout, decode_errors, **headers)

    def get_all_workers(
        self, path: str, times: int = 4, workers: int = 2, decode_errors: str = "strict"
    ) -> list[Response]:
        """Requests sent `workers` at a time: a sync worker serves one request at a time, so every
        worker answers some of them (a stale worker would show in at least one answer).
        decode_errors="replace" for a file that is not text (a document's DOCX)."""
        return parallel([lambda: self.get(path, decode_errors=decode_errors)] * times, workers)


def http_get(url: str, timeout: float = 15, decode_errors: str = "strict", **headers) -> Response:
    """What a reader gets: status, body, headers and seconds, whatever the status. A body that is
    not UTF-8 fails the test unless decode_errors says otherwise (a gzipped one, asked for)."""
    request = urllib.request.Request(url, headers={"User-Agent": "gs-deployment-test", **headers})
    started = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            return Response(
                answer.status,
                answer.read().decode(errors=decode_errors),
                dict(answer.headers),
                time.monotonic() - started,
            )
    except urllib.error.HTTPError as error:
        return Response(
            error.code, error.read().decode(errors="replace"), dict(error.headers), time.monotonic() - started
        )


def stop_process_group(process) -> None:
    """SIGTERM to a process started in a session of its own and its children; SIGKILL after 10 s."""
    if process is None or process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(5)


def parallel(calls, at_once: int = 2) -> list:
    """Run the calls `at_once` at a time, in threads; their results in order."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(at_once) as pool:
        return list(pool.map(lambda call: call(), calls))


def create_database(kind: str, tmp: Path, template: str = "") -> tuple[str, callable]:
    """A new database of the suite's kind, empty or (PostgreSQL) a copy of the database
    `template`; returns its URL and how to drop it."""
    if kind == "sqlite":
        return f"sqlite:///{tmp / 'site.sqlite3'}", lambda: None
    import psycopg

    server = os.environ["DATABASE_URL"]
    name = f"gs_deploy_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
    url = server.rsplit("/", 1)[0] + f"/{name}"

    def drop():
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return url, drop


def new_deployment(kind: str) -> tuple[Deployment, callable]:
    """A migrated site with the demo content, after its worker's first run (the demo's renditions
    made, as a minute after `make run`).

    `migrate`, `load_demo` and the worker run once per test session, into a template that each deployment
    copies (SQLite: the file through SQLite's backup API; PostgreSQL: CREATE DATABASE … TEMPLATE)
    with its media folders; `load_demo` then runs again in the copy, as on a second `make run`:
    it changes nothing but the site's address, which is the copy's own."""
    template = demo_template(kind)
    tmp = Path(tempfile.mkdtemp(prefix="gs-deploy-"))
    copied = "" if kind == "sqlite" else template.database_url.rsplit("/", 1)[1]
    url, drop = create_database(kind, tmp, template=copied)
    site = Deployment(url, free_port(), tmp)
    try:
        if kind == "sqlite":
            copy_sqlite_database(template, site)
        for folder in ("media", "private"):
            if (template.tmp / folder).is_dir():
                shutil.copytree(template.tmp / folder, site.tmp / folder)
        site.manage("load_demo", timeout=600)
    except BaseException:
        drop()
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return site, drop


_templates: dict[str, Deployment] = {}

# The worker's first run after `load_demo`: mostly the demo's 936 renditions, 65 s with the
# production encoders on a 2-CPU machine. Made once, with the test session's encoded renditions
# (tests/demo_renditions.py), so that no copy's worker makes them again; a test that is about the
# worker making renditions asks for some itself (test_outages.py).
WORKER_ONCE_WITH_CACHED_RENDITIONS = """
from django.core.management import call_command
from tests.demo_renditions import fast_demo_renditions
with fast_demo_renditions():
    call_command("run_worker", "--once")
print(1)
"""


def demo_template(kind: str) -> Deployment:
    """This session's migrated site with the demo content, made at its first use and removed
    when the session ends; never served (PostgreSQL copies a template only while nobody is
    connected to it)."""
    if kind not in _templates:
        tmp = Path(tempfile.mkdtemp(prefix="gs-deploy-template-"))
        atexit.register(shutil.rmtree, tmp, ignore_errors=True)
        url, drop = create_database(kind, tmp)
        atexit.register(drop)
        template = Deployment(url, free_port(), tmp)
        template.manage("migrate", "--noinput", timeout=600)
        template.manage("load_demo", timeout=600)
        template.shell(WORKER_ONCE_WITH_CACHED_RENDITIONS)
        _templates[kind] = template
    return _templates[kind]


def copy_sqlite_database(source: Deployment, target: Deployment) -> None:
    """The database of a stopped SQLite site into a new one."""
    with (
        contextlib.closing(sqlite3.connect(source.database_url.removeprefix("sqlite:///"))) as db,
        contextlib.closing(sqlite3.connect(target.database_url.removeprefix("sqlite:///"))) as copy,
    ):
        db.backup(copy)


class RedisServer:
    """A private redis-server on a free port, to stop and start again (never the machine's)."""

    def __init__(self, tmp: Path):
        self.port, self.tmp, self.process = free_port(), tmp, None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        if shutil.which("redis-server") is None:
            import pytest

            pytest.skip("redis-server is not installed (apt-get install redis-server): the Redis outage is not tested")
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.tmp),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for_port(self.port, 10, self.process)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(5)

    def keys(self) -> int:
        import redis

        return redis.Redis(port=self.port, socket_timeout=1).dbsize()


class HangingServer:
    """Accepts connections and never answers: an Elasticsearch (or any HTTP service) that hangs."""

    def __init__(self):
        import threading

        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(128)
        self.port = self.sock.getsockname()[1]
        self.accepted, self.running = [], True
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _accept(self):
        self.sock.settimeout(0.2)
        while self.running:
            try:
                connection, _ = self.sock.accept()
            except OSError:
                continue
            self.accepted.append(connection)  # held open, never read, never answered

    def close(self):
        self.running = False
        self.thread.join(2)
        for connection in self.accepted:
            connection.close()
        self.sock.close()


class VarnishServer:
    """Debian's varnishd with the project's own VCL (deploy/varnish/default.vcl), its backend
    pointed at a deployment's gunicorn, on a free port."""

    VCL = ROOT / "deploy" / "varnish" / "default.vcl"

    def __init__(self, tmp: Path, backend_port: int):
        self.port, self.tmp, self.backend_port, self.process = free_port(), tmp, backend_port, None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        if shutil.which("varnishd") is None and not Path("/usr/sbin/varnishd").exists():
            import pytest

            pytest.skip("varnishd is not installed (apt-get install varnish): the front cache is not tested")
        vcl = self.tmp / "default.vcl"
        text = self.VCL.read_text()
        assert '.port = "8000";' in text, "the VCL's backend block changed: update VarnishServer"
        vcl.write_text(text.replace('.port = "8000";', f'.port = "{self.backend_port}";'))
        workdir = self.tmp / f"varnish-{self.port}"
        workdir.mkdir()
        # -F: in the foreground, so the test owns the process; -j none: no privilege separation
        # (CI runs as root without the varnish user's home).
        self.process = subprocess.Popen(
            [
                shutil.which("varnishd") or "/usr/sbin/varnishd",
                "-F",
                "-j",
                "none",
                "-n",
                str(workdir),
                "-a",
                f"127.0.0.1:{self.port}",
                "-f",
                str(vcl),
                "-s",
                "malloc,128m",
                "-T",
                "none",
            ],
            stdout=open(self.tmp / "varnish.log", "w"),  # noqa: SIM115 (the child process holds it)
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        wait_for_port(self.port, 30, self.process)

    def get(self, path: str, timeout: float = 15, **headers) -> Response:
        """A reader's request through the proxy (headers as keyword arguments: Cookie="…")."""
        compressed = "gzip" in headers.get("Accept-Encoding", "")
        return http_get(self.url + path, timeout, "replace" if compressed else "strict", **headers)

    def stop(self) -> None:
        stop_process_group(self.process)


class NginxServer:
    """Debian's nginx with the project's locations (deploy/nginx/locations.conf): /media/ from a
    deployment's MEDIA_ROOT, everything else to a Varnish; plain HTTP on a free port."""

    LOCATIONS = ROOT / "deploy" / "nginx" / "locations.conf"

    def __init__(self, tmp: Path, varnish_port: int, media_root: Path):
        self.port, self.tmp, self.process = free_port(), tmp / f"nginx-{free_port()}", None
        self.varnish_port, self.media_root = varnish_port, media_root

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        binary = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
        if binary is None:
            import pytest

            pytest.skip("nginx is not installed (apt-get install nginx-light): /media/ in production is not tested")
        self.tmp.mkdir()
        text = self.LOCATIONS.read_text()
        assert "/srv/guongsang/media/" in text and "127.0.0.1:6081" in text, (
            "locations.conf changed: update NginxServer"
        )
        locations = self.tmp / "locations.conf"
        locations.write_text(
            text.replace("/srv/guongsang/media/", f"{self.media_root}/").replace(
                "127.0.0.1:6081", f"127.0.0.1:{self.varnish_port}"
            )
        )
        temp = "\n".join(
            f"    {kind}_temp_path {self.tmp}/{kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        )
        conf = self.tmp / "nginx.conf"
        conf.write_text(f"""
{"user root;" if os.geteuid() == 0 else ""}
worker_processes 1;
error_log {self.tmp}/error.log;
pid {self.tmp}/nginx.pid;
events {{}}
http {{
    include /etc/nginx/mime.types;
    access_log off;
{temp}
    server {{
        listen 127.0.0.1:{self.port};
        include {locations};
    }}
}}
""")
        self.process = subprocess.Popen(
            [binary, "-p", str(self.tmp), "-c", str(conf), "-g", "daemon off;"],
            stdout=open(self.tmp / "out.log", "w"),  # noqa: SIM115 (the child process holds it)
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        wait_for_port(self.port, 15, self.process)

    def stop(self) -> None:
        stop_process_group(self.process)

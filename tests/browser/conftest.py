"""Serve the site in a subprocess (its own SQLite file and media folder) and drive it
with Debian's Chromium through Playwright. No browser is ever downloaded."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from types import SimpleNamespace

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"Chromium not installed at {CHROMIUM}: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def site_url(site):
    return site.url


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    """`migrate`, `load_demo`, then `runserver`, as a user would; killed at the end."""
    tmp = tmp_path_factory.mktemp("site")
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}  # never CI's PostgreSQL
    env.update(
        DATABASE_URL=f"sqlite:///{tmp}/browser.sqlite3",
        MEDIA_ROOT=str(tmp / "media"),
        PRIVATE_MEDIA_ROOT=str(tmp / "private-media"),
        DJANGO_SETTINGS_MODULE="config.settings.dev",
        DJANGO_DEBUG="0",  # readers' pages: the real Vietnamese 404, not Django's debug page
        SITE_URL=f"http://127.0.0.1:{port}",
        PORT=str(port),
    )
    manage = [sys.executable, "manage.py"]
    for command in (["migrate", "--noinput"], ["load_demo"]):
        run = subprocess.run(manage + command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
        assert run.returncode == 0, f"{' '.join(command)} failed:\n{run.stdout}\n{run.stderr}"

    log = (tmp / "runserver.log").open("w")
    server = subprocess.Popen(
        manage + ["runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert server.poll() is None, f"runserver exited:\n{(tmp / 'runserver.log').read_text()}"
            try:  # a cheap page: the first home page view renders dozens of image renditions
                urllib.request.urlopen(url + "/robots.txt", timeout=2).close()
                break
            except OSError:  # refused, or timed out
                assert time.monotonic() < deadline, "the site did not answer within 60 s"
                time.sleep(0.2)
        yield SimpleNamespace(url=url, database=tmp / "browser.sqlite3")
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


def sign_in(page, site, username="admin", password="changeme"):
    """Log in to the admin with a demo account (README: every demo account's password is
    "changeme") and wait for the dashboard."""
    page.goto(site.url + "/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.locator("form").get_by_role("button").last.click()
    page.wait_for_url(site.url + "/admin/")


@pytest.fixture
def phone(browser):
    """A page in a phone-sized browser context."""
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True, has_touch=True, locale="vi-VN"
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.set_default_navigation_timeout(60_000)  # first views generate AVIF/WebP/JPEG renditions
    yield page
    context.close()


@pytest.fixture
def desktop(browser):
    """A page in a desktop-sized browser context (the admin's screens)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.set_default_navigation_timeout(60_000)
    yield page
    context.close()

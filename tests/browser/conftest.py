"""Serve the site in a subprocess (its own SQLite file and media folder) and drive it
with Debian's Chromium through Playwright. No browser is ever downloaded."""

import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from types import SimpleNamespace

import pytest

from tests.deployment.harness import new_deployment

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[2]


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
def site():
    """The demo site as after `make run` (tests/deployment/harness.py: migrated, loaded and its
    worker run once, copied from the session's template, SQLite whatever the suite's database),
    served by `runserver`; killed at the end."""
    deployment, drop = new_deployment("sqlite")
    tmp = deployment.tmp
    env = deployment.env(PORT=deployment.port)
    manage = [sys.executable, "manage.py"]
    log = (tmp / "runserver.log").open("w")
    server = subprocess.Popen(
        manage + ["runserver", f"127.0.0.1:{deployment.port}", "--noreload"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = deployment.base
    try:
        deadline = time.monotonic() + 60
        while True:
            assert server.poll() is None, f"runserver exited:\n{(tmp / 'runserver.log').read_text()}"
            try:  # a cheap page
                urllib.request.urlopen(url + "/robots.txt", timeout=2).close()
                break
            except OSError:  # refused, or timed out
                assert time.monotonic() < deadline, "the site did not answer within 60 s"
                time.sleep(0.2)
        yield SimpleNamespace(url=url, database=tmp / "site.sqlite3", deployment=deployment)
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
        drop()
        shutil.rmtree(tmp, ignore_errors=True)


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

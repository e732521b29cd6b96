"""A web process pays its one-time costs before it takes requests (config/web_process.py)."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import sys
import config.wsgi
from search import words
print("config.urls" in sys.modules, words._folded_compounds.cache_info().currsize)
"""


def test_a_web_process_has_read_the_word_list_and_urls_before_its_first_request():
    """Otherwise a reader's first search in each new gunicorn worker waits about a second for
    the Vietnamese word list, and the first page for every view's import (seen: 2 s in CI)."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    probe = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=True
    )
    assert probe.stdout.split() == ["True", "1"], probe.stderr

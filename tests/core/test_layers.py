"""Dependencies point one way (README "Layout"): every import in every app module, including
imports inside functions, names only its own app or a lower layer. A content app never names
another content app, a service (search, feeds…) never names another service."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LAYERS = [
    ["core", "translations"],  # the article base, kinds, text, cache, import, anti-spam; the admin's Vietnamese
    ["movements", "exemplars", "news", "documents"],  # content types
    ["home"],  # the front page and the demo, which put the content types together
    ["search", "feeds", "newsroom", "participation", "newsletter"],  # services over the content
    ["config"],  # settings and URLs: everything
]
LAYER_OF = {app: n for n, apps in enumerate(LAYERS) for app in apps}


def imported_apps(path: Path):
    """(line, app) for every import of one of our apps in a module."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        for name in names:
            app = name.split(".")[0]
            if app in LAYER_OF:
                yield node.lineno, app


def modules():
    for app in LAYER_OF:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in path.parts:  # written by makemigrations, frozen in time
                yield app, path


def test_every_app_is_in_a_layer():
    apps = {p.name for p in ROOT.iterdir() if (p / "apps.py").exists()}
    assert apps <= set(LAYER_OF), f"put {sorted(apps - set(LAYER_OF))} in LAYERS"


@pytest.mark.parametrize("app", list(LAYER_OF))
def test_imports_point_down(app):
    wrong = [
        f"{path.relative_to(ROOT)}:{line} imports {other} ({'same' if LAYER_OF[other] == LAYER_OF[app] else 'higher'} layer)"
        for owner, path in modules()
        if owner == app
        for line, other in imported_apps(path)
        if other != app and LAYER_OF[other] >= LAYER_OF[app]
    ]
    assert not wrong, "\n".join(wrong)


def test_the_check_finds_a_wrong_arrow(tmp_path):
    """The walk sees imports inside functions too (where a cycle would hide)."""
    module = tmp_path / "late.py"
    module.write_text("def f():\n    from newsroom.roles import ROLES\n    return ROLES\n")
    assert list(imported_apps(module)) == [(2, "newsroom")]

"""The layout rules of docs/architecture.md, checked."""

import ast
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

SRC = Path(__file__).resolve().parents[2] / "src"
APPS = [p.parent for p in (SRC / "echohub").glob("*/models.py")]


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


@pytest.mark.parametrize("package", ["phi", "clinical"])
def test_pure_packages_never_import_django_or_echohub(package):
    files = list((SRC / package).rglob("*.py"))
    assert files, f"{package} has no modules"
    for path in files:
        bad = {m for m in imports_of(path) if m.split(".")[0] in {"django", "echohub", "ninja"}}
        assert not bad, f"{path} imports {bad}"


@pytest.mark.parametrize("app", APPS, ids=lambda p: p.name)
def test_models_do_not_import_upper_layers(app):
    upper = ("services", "queries", "views", "forms", "tasks", "api")
    for module in imports_of(app / "models.py"):
        assert not module.endswith(tuple(f".{u}" for u in upper)), (
            f"{app.name}/models.py imports {module}"
        )


@pytest.mark.parametrize("app", APPS, ids=lambda p: p.name)
def test_services_and_queries_do_not_import_views_or_forms(app):
    for name in ("services.py", "queries.py"):
        path = app / name
        if path.exists():
            for module in imports_of(path):
                assert not module.endswith((".views", ".forms", ".api")), f"{path} imports {module}"


def _walk(patterns, prefix=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _walk(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), p.callback


def test_every_program_url_checks_permissions_through_program_view():
    program_urls = [
        (route, cb)
        for route, cb in _walk(get_resolver().url_patterns)
        if route.startswith("p/<slug:slug>/")
    ]
    assert len(program_urls) > 10
    unchecked = [route for route, cb in program_urls if not hasattr(cb, "program_permission")]
    assert unchecked == []

"""Dependencies point one way: the domain apps never import the kiosk channel."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("app", ["proposals", "voting"])
def test_domain_apps_do_not_import_kiosks(app):
    offenders = {
        str(path.relative_to(ROOT))
        for path in (ROOT / app).rglob("*.py")
        if any(
            name == "kiosks" or name.startswith("kiosks.")
            for name in _imported_modules(path)
        )
    }

    assert offenders == set()

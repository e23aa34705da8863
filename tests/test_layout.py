"""The test tree cannot shadow real code: tests/ is not a package (Piccolo installs a top-level
`tests`), every folder of tests is a package, and no folder or helper module takes a name Python
finds anywhere else (the standard library, site-packages, coop's own checkout)."""

from __future__ import annotations

import sys
from importlib.machinery import PathFinder
from pathlib import Path

TESTS = Path(__file__).resolve().parent


def found_elsewhere(name: str) -> bool:
    """A real module or regular package by this name outside tests/ (a folder of data is not)."""
    if name in sys.builtin_module_names or name in sys.stdlib_module_names:
        return True
    path = [entry for entry in sys.path if Path(entry or ".").resolve() != TESTS]
    spec = PathFinder.find_spec(name, path)
    return spec is not None and spec.origin is not None


def test_tests_is_not_a_package_and_each_folder_of_tests_is_one():
    assert not (TESTS / "__init__.py").exists()
    folders = {path.parent for path in TESTS.rglob("test_*.py")} - {TESTS}
    assert [
        str(f.relative_to(TESTS)) for f in sorted(folders) if not (f / "__init__.py").exists()
    ] == []


def test_no_folder_or_helper_module_of_the_tests_shadows_a_real_one():
    names = [path.name for path in TESTS.iterdir() if (path / "__init__.py").exists()]
    names += [path.stem for path in TESTS.glob("*.py") if not path.name.startswith("test_")]
    assert "labels" in names and "support_labels" in names
    assert [name for name in names if found_elsewhere(name)] == []

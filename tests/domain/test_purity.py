import ast
import sys
from pathlib import Path

import coop.domain

DOMAIN = Path(coop.domain.__file__).parent


def imported_modules(source: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
    return names


def test_the_domain_imports_only_the_standard_library_and_itself():
    modules = sorted(DOMAIN.glob("*.py"))
    assert len(modules) > 5
    for module in modules:
        for name in imported_modules(module):
            top = name.split(".")[0]
            allowed = top in sys.stdlib_module_names or name.startswith("coop.domain")
            assert allowed, f"{module.name} imports {name}"

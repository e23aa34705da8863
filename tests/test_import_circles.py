"""No import circles in coop: no module imports itself through others, and no two parts of a
package (its modules and subpackages, each with all it holds) import each other, even by way of
other parts: coop.errors -> coop.web -> coop.api -> coop.errors is a circle of three parts.

The graph is grimp's (the library import-linter is built on). It counts imports inside functions
too: a late import hides a circle from the interpreter, not from the reader. It leaves out imports
under `if TYPE_CHECKING:`, which never run and only name types for annotations.
"""

from __future__ import annotations

import copy
from pathlib import Path

import grimp

import coop


def coop_graph() -> grimp.ImportGraph:
    return grimp.build_graph("coop", exclude_type_checking_imports=True, cache_dir=None)


def circles(graph: grimp.ImportGraph) -> list[str]:
    """Each import that a chain of imports leads back from, with that chain."""
    found = _circles_in(graph)  # module to module
    for package in sorted(m for m in graph.modules if graph.find_children(m)):
        parts = graph.find_children(package)
        squashed = copy.deepcopy(graph)  # each part as one module holding all it contains
        for part in parts:
            if squashed.find_children(part):
                squashed.squash_module(part)
        found += _circles_in(squashed, among=parts)
    return sorted(set(found))


def _circles_in(graph: grimp.ImportGraph, among: set[str] | None = None) -> list[str]:
    found = []
    for importer in sorted(graph.modules if among is None else among):
        imported_ones = graph.find_modules_directly_imported_by(importer)
        for imported in sorted(imported_ones if among is None else imported_ones & among):
            if importer not in graph.find_upstream_modules(imported):
                continue  # nothing imported from there leads back
            back = _chain(graph, imported, importer)
            found.append(f"{importer} -> {imported}, and back: {' -> '.join(back)}")
    return found


def _chain(graph: grimp.ImportGraph, start: str, end: str) -> tuple[str, ...]:
    """The shortest way back; grimp gives none between a package and its own module, so through
    each module the start imports (a package importing a module that imports the package)."""
    try:
        return graph.find_shortest_chain(start, end) or (start, end)
    except ValueError:
        for step in sorted(graph.find_modules_directly_imported_by(start)):
            if step == end or end in graph.find_upstream_modules(step):
                return (start, *_chain(graph, step, end)) if step != end else (start, end)
        return (start, end)


def test_no_part_of_coop_imports_itself_through_others():
    assert circles(coop_graph()) == []


def test_every_module_of_coop_is_in_the_graph():
    """A folder without __init__.py would be left out of the graph, and so out of this check."""
    root = Path(coop.__file__).parent
    modules = {
        ".".join(("coop", *path.relative_to(root).with_suffix("").parts)).removesuffix(".__init__")
        for path in root.rglob("*.py")
    }
    assert modules - set(coop_graph().modules) == set()


def test_a_circle_of_modules_is_found_and_named():
    graph = coop_graph()
    graph.add_import(importer="coop.domain.money", imported="coop.domain.gtin")
    graph.add_import(importer="coop.domain.gtin", imported="coop.domain.money")
    assert circles(graph) == [
        "coop.domain.gtin -> coop.domain.money, and back: coop.domain.money -> coop.domain.gtin",
        "coop.domain.money -> coop.domain.gtin, and back: coop.domain.gtin -> coop.domain.money",
    ]


def test_two_parts_that_import_each_other_through_different_modules_are_a_circle():
    graph = coop_graph()  # coop.exports.sheets already imports coop.domain.money
    graph.add_import(importer="coop.domain.gtin", imported="coop.exports.download")
    found = circles(graph)
    assert "coop.domain -> coop.exports, and back: coop.exports -> coop.domain" in found
    assert not any(line.startswith("coop.domain.gtin") for line in found)  # no module circle

"""The messages a set of coop's source files raise as DomainErrors, read from their syntax trees."""

from __future__ import annotations

import ast
from pathlib import Path

import coop
from coop.domain import errors

ERRORS = {name for name in dir(errors) if name[0].isupper()}


def raised_messages(sources: tuple[str, ...]) -> list[str]:
    """Each literal message given to an error class in these files (paths under coop/)."""
    found = []
    for source in sources:
        tree = ast.parse((Path(coop.__file__).parent / source).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", None) in ERRORS
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                found.append(node.args[0].value)
    return found

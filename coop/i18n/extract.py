"""Every error message coop can show, found in its source, and errors.po kept in step with it.

After adding or changing a DomainError message run `.venv/bin/python -m coop.i18n.extract`: new
messages are added to each locale's errors.po (English filled in, Chinese and Uyghur left empty
for a translator, which tests/i18n/test_catalogs.py reports); messages no longer used are dropped.
"""

from __future__ import annotations

import ast
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from coop.i18n import CATALOGS, LOCALES, catalog

SOURCE = Path(__file__).resolve().parent.parent


def modules() -> dict[Path, ast.Module]:
    return {
        path: ast.parse(path.read_text(), str(path))
        for path in sorted(SOURCE.rglob("*.py"))
        if "piccolo_migrations" not in path.parts
    }


def error_classes(trees: dict[Path, ast.Module]) -> set[str]:
    """DomainError and every class in coop/ that derives from it, however deep."""
    names = {"DomainError"}
    classes = [
        node for tree in trees.values() for node in ast.walk(tree) if isinstance(node, ast.ClassDef)
    ]
    while True:
        more = {
            c.name
            for c in classes
            if any(isinstance(b, ast.Name) and b.id in names for b in c.bases)
        }
        if more <= names:
            return names
        names |= more


def first_text(call: ast.Call) -> str | None:
    first = call.args[0] if call.args else None
    return first.value if isinstance(first, ast.Constant) and isinstance(first.value, str) else None


def error_messages() -> dict[str, str]:
    """Each message literal, with where it was found: raises, class defaults and coop/errors.py."""
    trees = modules()
    errors = error_classes(trees)
    found: dict[str, str] = {}
    for path, tree in trees.items():
        where = str(path.relative_to(SOURCE.parent))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                if node.func.id in errors and (text := first_text(node)):
                    found.setdefault(text, where)
                # error_body(code, message, …) and respond(request, status, code, message, …)
                at = {"error_body": 1, "respond": 3}.get(node.func.id)
                if at is not None and len(node.args) > at:
                    message = node.args[at]
                    if isinstance(message, ast.Constant) and isinstance(message.value, str):
                        found.setdefault(message.value, where)
            if isinstance(node, ast.ClassDef) and node.name in errors:
                for statement in node.body:
                    if (
                        isinstance(statement, ast.Assign | ast.AnnAssign)
                        and "message" in ast.unparse(statement).split("=")[0]
                        and isinstance(statement.value, ast.Constant)
                        and isinstance(statement.value.value, str)
                    ):
                        found.setdefault(statement.value.value, where)
            if isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id.endswith("_MESSAGES") for t in node.targets
            ):  # HTTP_MESSAGES {status: (code, message)}, VALIDATION_MESSAGES ((pattern, message))
                table = ast.literal_eval(node.value)
                for pair in table.values() if isinstance(table, dict) else table:
                    found.setdefault(pair[-1], where)
    return found


def update_catalogs(messages: dict[str, str] | None = None, catalogs: Path = CATALOGS) -> None:
    """Add what is new to every locale's errors.po, keep its translations, drop what is unused."""
    messages = error_messages() if messages is None else messages
    for locale in LOCALES:
        elsewhere = catalog(locale) if catalogs == CATALOGS else {}  # other domains' translations
        path = catalogs / locale / "LC_MESSAGES" / "errors.po"
        with path.open("rb") as file:
            old = read_po(file)
        new = Catalog(locale, domain="errors", header_comment=old.header_comment, fuzzy=False)
        new.mime_headers = old.mime_headers
        for message, where in messages.items():
            kept = old.get(message)
            english = message if locale == "en" else ""
            translation = str(kept.string) if kept is not None and kept.string else ""
            new.add(
                message,
                translation or elsewhere.get(message) or english,
                locations=[(where, None)],  # type: ignore[list-item]  # a file, no line
                flags=["python-brace-format"] if "{" in message else [],
            )
        with path.open("wb") as file:
            write_po(file, new, width=100, include_lineno=False)
        _drop_from_other_domains(path.parent, set(messages))


def _drop_from_other_domains(folder: Path, messages: set[str]) -> None:
    """Each error message has one home, errors.po; another domain's copy of it is removed."""
    for path in sorted(folder.glob("*.po")):
        if path.name == "errors.po":
            continue
        with path.open("rb") as file:
            other = read_po(file)
        copies = [m.id for m in other if m.id and str(m.id) in messages]
        for message_id in copies:
            del other[message_id]
        if copies:
            with path.open("wb") as file:
                write_po(file, other, width=100, include_lineno=False)


if __name__ == "__main__":
    update_catalogs()

"""Every error message a person can be shown has a Chinese and a Uyghur translation (DESIGN)."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

import coop
from coop.i18n import CATALOGS, translate

COOP = Path(coop.__file__).parent
ARABIC = re.compile(r"[\u0600-\u06ff]")
CJK = re.compile(r"[\u4e00-\u9fff]")


def modules() -> dict[Path, ast.Module]:
    return {
        path: ast.parse(path.read_text(), str(path))
        for path in sorted(COOP.rglob("*.py"))
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
        where = str(path.relative_to(COOP.parent))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                if node.func.id in errors and (text := first_text(node)):
                    found.setdefault(text, where)
                if node.func.id == "error_body" and len(node.args) > 1:
                    message = node.args[1]
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


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def errors_catalog(locale: str) -> dict[str, str]:
    with (CATALOGS / locale / "LC_MESSAGES" / "errors.po").open("rb") as file:
        return {str(m.id): str(m.string) for m in read_po(file, locale=locale) if m.id}


MESSAGES = error_messages()


def test_the_finder_sees_raises_class_defaults_and_http_messages():
    assert "No household {household_id} in this cooperative." in MESSAGES  # a raise
    assert "There is not enough left for this." in MESSAGES  # OutOfStock.message
    assert "Too many wrong passwords. Wait {minutes} minutes and try again." in MESSAGES
    assert "Send the request as JSON." in MESSAGES  # HTTP_MESSAGES
    assert "The field {name} is missing." in MESSAGES  # VALIDATION_MESSAGES
    assert "Some of the data sent is not valid: {detail}" in MESSAGES  # error_body(...)


@pytest.mark.parametrize("locale", ["zh_CN", "ug", "en"])
def test_each_errors_catalog_has_a_proper_header(locale):
    path = CATALOGS / locale / "LC_MESSAGES" / "errors.po"
    with path.open("rb") as file:
        catalog = read_po(file)
    assert f'"Language: {locale}\\n"' in path.read_text()
    assert catalog.locale is not None and catalog.locale.language == locale[:2]
    assert catalog.charset == "utf-8"
    assert catalog.plural_forms


@pytest.mark.parametrize("locale", ["zh_CN", "ug"])
def test_every_error_message_is_translated_with_the_same_placeholders(locale):
    catalog = errors_catalog(locale)
    script = CJK if locale == "zh_CN" else ARABIC
    problems = []
    for message, where in MESSAGES.items():
        translation = catalog.get(message, "")
        if not translation.strip():
            problems.append(f"{where}: not translated: {message!r}")
        elif placeholders(translation) != placeholders(message):
            problems.append(f"{where}: placeholders differ: {message!r} -> {translation!r}")
        elif not script.search(translation):
            problems.append(f"{where}: not in the locale's script: {translation!r}")
    assert problems == [], "\n".join(problems)


def test_the_english_catalog_lists_every_message_and_leaves_it_as_written():
    catalog = errors_catalog("en")
    assert set(MESSAGES) <= set(catalog)
    assert translate("Please sign in first.", "en") == "Please sign in first."


def test_no_catalog_keeps_a_message_the_code_no_longer_uses():
    for locale in ("zh_CN", "ug", "en"):
        assert set(errors_catalog(locale)) - set(MESSAGES) == set(), locale


def test_a_translation_fills_its_placeholders():
    message = translate("No household {household_id} in this cooperative.", "zh_CN", household_id=7)
    assert "7" in message and CJK.search(message)

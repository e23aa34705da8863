"""Every error message a person can be shown has a Chinese and a Uyghur translation."""

from __future__ import annotations

import re
import shutil
import string

import pytest
from babel.messages.pofile import read_po

from coop.i18n import CATALOGS, translate
from coop.i18n.extract import error_messages, update_catalogs

ARABIC = re.compile(r"[\u0600-\u06ff]")
CJK = re.compile(r"[\u4e00-\u9fff]")


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
    hint = "\n(.venv/bin/python -m coop.i18n.extract adds new messages to every errors.po)"
    assert problems == [], "\n".join(problems) + hint


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


def test_the_extractor_adds_new_messages_keeps_translations_and_drops_unused_ones(tmp_path):
    shutil.copytree(CATALOGS, tmp_path, dirs_exist_ok=True, ignore=shutil.ignore_patterns("*.py"))
    kept = "Wrong phone number or password."
    update_catalogs({kept: "coop/services/auth.py", "A new rule {x}.": "coop/new.py"}, tmp_path)
    for locale in ("zh_CN", "ug", "en"):
        with (tmp_path / locale / "LC_MESSAGES" / "errors.po").open("rb") as file:
            catalog = {str(m.id): str(m.string) for m in read_po(file) if m.id}
        assert set(catalog) == {kept, "A new rule {x}."}
        assert catalog["A new rule {x}."] == ("A new rule {x}." if locale == "en" else "")
        assert catalog[kept] == errors_catalog(locale)[kept]


@pytest.mark.parametrize("locale", ["zh_CN", "ug", "en"])
def test_no_text_is_translated_two_ways_in_two_catalogs(locale):
    """All of a locale's .po files are merged into one table, so a clash would pick one silently."""
    seen: dict[str, tuple[str, str]] = {}
    clashes = []
    for path in sorted((CATALOGS / locale / "LC_MESSAGES").glob("*.po")):
        with path.open("rb") as file:
            for m in read_po(file, locale=locale):
                if not (m.id and m.string):
                    continue
                first = seen.setdefault(str(m.id), (str(m.string), path.name))
                if first[0] != str(m.string):
                    clashes.append(f"{m.id!r}: {first[1]} {first[0]!r} vs {path.name} {m.string!r}")
    assert clashes == []

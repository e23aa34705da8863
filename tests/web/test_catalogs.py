"""Every page text has a Chinese and a Uyghur translation: a new text cannot ship untranslated."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from coop.i18n import catalog

WEB = Path(__file__).resolve().parents[2] / "coop" / "web"
MSGID = re.compile(r"""\b(?:_|N_)\(\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')""")


def page_msgids() -> set[str]:
    """The texts marked with _() in templates and N_() or _() in the page modules."""
    found: set[str] = set()
    for path in [*WEB.rglob("*.html"), *WEB.glob("*.py")]:
        for match in MSGID.finditer(path.read_text(encoding="utf-8")):
            found.add(match.group(1) if match.group(1) is not None else match.group(2))
    return found


def test_the_pages_mark_their_texts_for_translation():
    assert {"Sign in", "Weigh station", "Balance owed", "Waiting for the scale"} <= page_msgids()


@pytest.mark.parametrize("locale", ["zh_CN", "ug"])
def test_every_page_text_has_a_translation(locale):
    missing = sorted(page_msgids() - catalog(locale).keys())
    assert not missing, f"{locale} lacks: {missing}"


def test_uyghur_translations_are_in_arabic_script():
    table = catalog("ug")
    latin_only = [m for m in page_msgids() if not re.search(r"[\u0600-\u06FF]", table.get(m, ""))]
    assert latin_only == [], latin_only

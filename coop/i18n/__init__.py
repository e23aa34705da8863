"""Message catalogs (gettext .po, read with Babel): zh_CN by default, Uyghur and English.

Code and messages are written in English; a new language is a new catalog, not code. Each
locale's folder holds one .po file per domain (errors.po for what the API says, web.po for
pages); all of a locale's domains are read into one table.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from babel.messages.pofile import read_po

from coop.i18n.locales import DEFAULT_LOCALE, LOCALES
from coop.i18n.locales import RTL_LOCALES as RTL_LOCALES
from coop.i18n.names import CHOICE, CHOICES_JOINED_BY, name_of

CATALOGS = Path(__file__).parent


@cache
def catalog(locale: str) -> dict[str, str]:
    table: dict[str, str] = {}
    for path in sorted((CATALOGS / locale / "LC_MESSAGES").glob("*.po")):
        with path.open("rb") as file:
            po = read_po(file, locale=locale)
        table.update({str(m.id): str(m.string) for m in po if m.id and m.string and not m.fuzzy})
    return table


def gettext(message: str, locale: str = DEFAULT_LOCALE) -> str:
    """The message in this locale; English (the msgid) when the catalog lacks it."""
    return catalog(locale).get(message, message) if locale in LOCALES else message


def translate(message: str, locale: str = DEFAULT_LOCALE, **params: object) -> str:
    """The message in this locale, its parameters filled in; a code is shown by its name."""
    text = gettext(message, locale)
    try:
        return text.format(**{key: _shown(value, locale) for key, value in params.items()})
    except (KeyError, IndexError, ValueError):
        return text


def _shown(value: object, locale: str) -> object:
    """A code (coop.i18n.names) by its name; a tuple of codes as choices: each code and its name."""
    if isinstance(value, tuple):
        return gettext(CHOICES_JOINED_BY, locale).join(
            translate(CHOICE, locale, code=str(item), name=item) for item in value
        )
    name = name_of(value)
    return value if name is None else gettext(name, locale)

"""Which language to answer in: the user's own choice, else what the browser asks for, else Chinese.

Accept-Language is read as RFC 9110 says: each language with its weight (q, 1 when not given),
the heaviest first; q=0 refuses a language; `*` stands for every language not named. A region or
script (zh-CN, zh-Hans, ug-CN, en-GB) asks for its language; with nothing accepted, the
first of ours not refused. API and pages both answer this way.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Protocol

from coop.domain.actors import Actor
from coop.i18n.locales import DEFAULT_LOCALE, LOCALES

LOCALE_COOKIE = "coop_locale"  # the language chosen on a page, remembered by the browser
_BY_LANGUAGE = {locale.split("_")[0]: locale for locale in LOCALES}  # "zh" -> "zh_CN"
_WEIGHT = re.compile(r"q=(0(\.\d{0,3})?|1(\.0{0,3})?)", re.IGNORECASE)


class Asking(Protocol):
    """What a request tells about its language (a Litestar Request, or anything alike)."""

    @property
    def headers(self) -> Mapping[str, str]: ...

    @property
    def cookies(self) -> Mapping[str, str]: ...


def locale_for(request: Asking, actor: Actor | None = None) -> str:
    """The signed-in user's saved language, else the coop_locale cookie, else Accept-Language."""
    if actor is not None and actor.locale in LOCALES:
        return actor.locale
    return negotiate(request.headers.get("accept-language"), request.cookies.get(LOCALE_COOKIE))


def negotiate(accept_language: str | None, preferred: str | None = None) -> str:
    """The user's own choice first, then the browser's best accepted language, then Chinese."""
    if preferred in LOCALES:
        return preferred  # type: ignore[return-value]
    named = _weights(accept_language or "")
    anything = named.pop("*", None)
    ranked = []  # (weight, named before `*`, named earlier, ours earlier), the best last
    for ours, locale in enumerate(LOCALES):
        if locale in named:
            ranked.append((named[locale], 1, -list(named).index(locale), -ours, locale))
        elif anything is not None:
            ranked.append((anything, 0, 0, -ours, locale))
    best = max(ranked, default=None)
    if best is not None and best[0] > 0:
        return best[-1]
    refused = {rank[-1] for rank in ranked if rank[0] == 0}
    return next((locale for locale in LOCALES if locale not in refused), DEFAULT_LOCALE)


def _weights(accept_language: str) -> dict[str, float]:
    """Each of our locales (and `*`) the header names, in its order, with the highest weight of its
    ranges (zh-TW;q=0, zh;q=0.8 still accepts our Chinese); a range of unreadable weight is skipped.
    """
    weights: dict[str, float] = {}
    for part in accept_language.split(","):
        tag, *parameters = (piece.strip() for piece in part.split(";"))
        quality = 1.0  # an HTTP q-value, 0 to 1
        for parameter in parameters:
            if parameter[:2].lower() == "q=":
                found = _WEIGHT.fullmatch(parameter)
                quality = float(parameter[2:]) if found else -1.0
        language = tag.replace("_", "-").split("-")[0].lower()
        locale = "*" if tag == "*" else _BY_LANGUAGE.get(language)
        if locale is not None and quality >= 0:
            weights[locale] = max(quality, weights.get(locale, 0.0))
    return weights

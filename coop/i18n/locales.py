"""Which languages coop speaks: Chinese first and by default, Uyghur (right to left), English."""

from __future__ import annotations

LOCALES = ("zh_CN", "ug", "en")
DEFAULT_LOCALE = "zh_CN"
RTL_LOCALES = frozenset({"ug"})

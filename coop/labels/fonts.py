"""Fonts for label text, found through fontconfig: Noto Sans CJK for Chinese, an Arabic-script font
for Uyghur (Debian fonts-noto-cjk and fonts-noto-core, installed by scripts/setup).

Uyghur is shaped right to left by Pillow's libraqm layout (joining forms, bidi); without it the
letters would come out isolated and left to right, so a missing libraqm is an error, not a fallback.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from functools import cache

from PIL import ImageFont, features

# Each role a layout may name, with the families tried in order (fontconfig names).
FAMILIES: dict[str, tuple[tuple[str, str], ...]] = {
    "cjk": (("Noto Sans CJK SC", "Regular"), ("Noto Sans SC", "Regular")),
    "cjk-bold": (("Noto Sans CJK SC", "Bold"), ("Noto Sans SC", "Bold")),
    "arabic": (("Noto Naskh Arabic", "Regular"), ("Noto Sans Arabic", "Regular"), ("UKIJ Tuz", "")),
    "arabic-bold": (
        ("Noto Naskh Arabic", "Bold"),
        ("Noto Sans Arabic", "Bold"),
        ("UKIJ Tuz Tom", ""),
    ),
}
PACKAGES = {"cjk": "fonts-noto-cjk", "arabic": "fonts-noto-core"}


class FontMissing(RuntimeError):
    """A font the labels need is not installed; the message says which Debian package has it."""


@dataclass(frozen=True)
class FontFile:
    path: str
    index: int  # face number inside a .ttc collection


def _fc_list(family: str, style: str) -> list[FontFile]:
    pattern = f":family={family}" + (f":style={style}" if style else "")
    listed = subprocess.run(
        ["fc-list", "--format", "%{file}|%{index}\n", pattern],
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    files = []
    for line in sorted(listed.splitlines()):
        path, _, index = line.rpartition("|")
        if path:
            files.append(FontFile(path, int(index or 0)))
    return files


@cache
def font_file(role: str) -> FontFile:
    """The first installed font for this role, or a FontMissing that says what to install."""
    if role not in FAMILIES:
        raise FontMissing(f"unknown font {role!r}; layouts may name {', '.join(FAMILIES)}")
    package = PACKAGES[role.split("-")[0]]
    if shutil.which("fc-list") is None:
        raise FontMissing("fc-list (Debian fontconfig) is needed to find label fonts")
    for family, style in FAMILIES[role]:
        files = _fc_list(family, style)
        if files:
            return files[0]
    tried = ", ".join(f"{family} {style}".strip() for family, style in FAMILIES[role])
    raise FontMissing(f"no font for {role} text ({tried}); install the Debian package {package}")


def require_shaping() -> None:
    """Uyghur needs libraqm to shape (bundled in Pillow's wheels; Debian libraqm0 otherwise)."""
    if not features.check("raqm"):
        raise FontMissing(
            "Pillow cannot shape right-to-left Uyghur text: install libraqm (Debian libraqm0)"
        )


@cache
def font(role: str, size_px: int) -> ImageFont.FreeTypeFont:
    """The font for this role at a pixel size, laid out by libraqm (shaping and bidi)."""
    found = font_file(role)
    if role.startswith("arabic"):
        require_shaping()
    return ImageFont.truetype(
        found.path, size_px, index=found.index, layout_engine=ImageFont.Layout.RAQM
    )

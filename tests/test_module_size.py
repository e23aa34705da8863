"""Every module of coop is one a reader can hold: at most 300 lines (migrations are history)."""

from __future__ import annotations

from pathlib import Path

import coop

MOST_LINES = 300


def test_no_module_of_coop_is_over_300_lines():
    root = Path(coop.__file__).parent
    too_long = {
        str(path.relative_to(root)): lines
        for path in root.rglob("*.py")
        if "piccolo_migrations" not in path.parts
        and (lines := len(path.read_text(encoding="utf-8").splitlines())) > MOST_LINES
    }
    assert too_long == {}

"""Tables that turn into cards on a phone: every cell carries its column's heading as
`data-label`, which the phone's CSS shows beside the value (static/css/coop.css, "tables")."""

from __future__ import annotations

import re
from collections.abc import Sequence

from markupsafe import Markup, escape

_ROW = re.compile(r"<tr\b[^>]*>.*?</tr>", re.DOTALL)
_CELL = re.compile(r"<t([dh])\b([^>]*)>")
_SPAN = re.compile(r"""\bcolspan=["']?(\d+)""")

Heading = str | Sequence[str]  # a column's heading, or (heading, class of its cells' heading)


def heading_text(heading: Heading) -> str:
    return heading if isinstance(heading, str) else heading[0]


def labelled(rows: str, headings: Sequence[Heading]) -> Markup:
    """The rows with each cell labelled by the heading of the column it starts in; a cell that
    spans the whole row (a "nothing yet" line) has no label, one labelled by hand keeps its own."""
    labels = [heading_text(h) for h in headings]

    def row(found: re.Match[str]) -> str:
        column = 0

        def cell(cell_tag: re.Match[str]) -> str:
            nonlocal column
            kind, attributes = cell_tag.groups()
            span = _SPAN.search(attributes)
            width = int(span.group(1)) if span else 1
            label = labels[column] if column < len(labels) and width < len(labels) else ""
            column += width
            if "data-label=" in attributes:
                return cell_tag.group(0)
            return f'<t{kind}{attributes} data-label="{escape(label)}">'

        return _CELL.sub(cell, found.group(0))

    return Markup(_ROW.sub(row, str(rows)))

"""Every message the trace and recall code can show a person is in Chinese and Uyghur."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import coop
from coop.domain import errors
from coop.i18n import catalog

SOURCES = (
    "domain/trace.py",
    "services/trace.py",
    "services/trace_queries.py",
    "services/holds.py",
    "services/recalls.py",
    "web/trace.py",
)
ERRORS = {name for name in dir(errors) if name[0].isupper()}


def messages() -> list[str]:
    found = []
    for source in SOURCES:
        tree = ast.parse((Path(coop.__file__).parent / source).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", None) in ERRORS
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                found.append(node.args[0].value)
    return found


def test_the_trace_code_raises_messages_at_all():
    assert len(messages()) > 10


@pytest.mark.parametrize("locale", ["zh_CN", "ug"])
def test_every_trace_message_is_translated(locale):
    missing = [message for message in messages() if message not in catalog(locale)]
    assert missing == []

"""Every message the trace and recall code can show a person is in Chinese and Uyghur."""

from __future__ import annotations

import pytest
from support_messages import raised_messages

from coop.i18n import catalog

SOURCES = (
    "domain/trace.py",
    "services/trace.py",
    "services/trace_queries.py",
    "services/holds.py",
    "services/recalls.py",
    "web/trace.py",
)


def messages() -> list[str]:
    return raised_messages(SOURCES)


def test_the_trace_code_raises_messages_at_all():
    assert len(messages()) > 10


@pytest.mark.parametrize("locale", ["zh_CN", "ug"])
def test_every_trace_message_is_translated(locale):
    missing = [message for message in messages() if message not in catalog(locale)]
    assert missing == []

"""Every message the processing and orders code can show a person is in Chinese and Uyghur."""

from __future__ import annotations

import pytest
from support_messages import raised_messages

from coop.i18n import catalog

SOURCES = (
    "domain/processing.py",
    "services/batches.py",
    "services/batch_finishing.py",
    "services/batch_queries.py",
    "services/stock.py",
    "services/certifications.py",
    "domain/orders.py",
    "domain/order_import.py",
    "services/order_creation.py",
    "services/order_transitions.py",
    "services/order_queries.py",
    "services/order_stock.py",
    "services/order_allocation.py",
    "services/order_import.py",
    "services/order_files.py",
    "services/import_mappings.py",
)


def messages() -> list[str]:
    return raised_messages(SOURCES)


def test_the_processing_code_raises_messages_at_all():
    assert len(messages()) > 20


@pytest.mark.parametrize("locale", ["zh_CN", "ug"])
def test_every_processing_message_is_translated(locale):
    missing = [message for message in messages() if message not in catalog(locale)]
    assert missing == []

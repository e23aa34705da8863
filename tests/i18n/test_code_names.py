"""Each code (status, channel, role, entry kind, field) has one name, translated once, shown
where it is read.

Errors pass the code itself; translate() shows its name, so a Chinese reader never sees "held".
"""

from __future__ import annotations

import ast
import re

import pytest

from coop.domain.lots import LotStatus
from coop.domain.orders import Channel, OrderStatus
from coop.domain.statement import EntryKind
from coop.i18n import catalog, translate
from coop.i18n.extract import SOURCE, error_classes, modules
from coop.i18n.names import CHOICE, CHOICES_JOINED_BY, NAMES

SCRIPT = {"zh_CN": re.compile(r"[\u4e00-\u9fff]"), "ug": re.compile(r"[\u0600-\u06ff]")}
CODE_COLUMNS = {"status", "channel", "role", "method", "kind", "to", "from_status", "to_status"}


def test_every_code_of_a_named_kind_has_a_name():
    for kind, names in NAMES.items():
        assert set(names) == set(kind), kind.__name__


@pytest.mark.parametrize("locale", ["zh_CN", "ug"])
def test_every_name_is_translated_into_the_locales_script(locale):
    table = catalog(locale)
    names = {name for named in NAMES.values() for name in named.values()}
    untranslated = sorted(n for n in names if not SCRIPT[locale].search(table.get(n, "")))
    assert untranslated == []
    assert table.get(CHOICE) and table.get(CHOICES_JOINED_BY)


@pytest.mark.parametrize(
    ("locale", "shown"),
    [
        ("zh_CN", "订单已是“已退款”，不能再更改。"),
        ("ug", "زاكاز ئاللىقاچان «پۇلى قايتۇرۇلدى» ھالىتىدە؛ ئەمدى ئۆزگەرتىشكە بولمايدۇ."),
        ("en", "The order is already “Refunded”; it cannot change any more."),
    ],
)
def test_a_code_in_a_message_is_shown_by_its_name(locale, shown):
    message = "The order is already “{current}”; it cannot change any more."
    assert translate(message, locale, current=OrderStatus.REFUNDED) == shown


def test_the_same_code_is_named_by_what_it_belongs_to():
    assert translate("{s}", "en", s=LotStatus.OPEN) == "Valid"
    assert translate("{s}", "en", s=OrderStatus.PENDING) == "Awaiting payment"
    assert translate("{s}", "en", s="pending") == "pending"  # text someone typed stays as typed


@pytest.mark.parametrize(
    ("locale", "shown"),
    [
        ("zh_CN", "shop（网店）、on_site（采摘园）"),
        ("ug", "shop (تور دۇكىنى)، on_site (مېۋە ئۈزۈش باغچىسى)"),
        ("en", "shop (Online shop), on_site (Picking garden)"),
    ],
)
def test_choices_name_the_code_to_send_and_what_it_is_called(locale, shown):
    assert translate("{choices}", locale, choices=(Channel.SHOP, Channel.ON_SITE)) == shown


def test_no_error_passes_a_code_as_raw_text():
    """`status=row["status"]` or `status=wanted.value` would show "held" to a Chinese reader."""
    trees = modules()
    errors = error_classes(trees)
    raw = []
    for path, tree in trees.items():
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and getattr(node.func, "id", None) in errors):
                continue
            for keyword in node.keywords:
                value = keyword.value
                column = isinstance(value, ast.Subscript) and isinstance(value.slice, ast.Constant)
                if (isinstance(value, ast.Attribute) and value.attr == "value") or (
                    column and value.slice.value in CODE_COLUMNS  # type: ignore[attr-defined]
                ):
                    where = f"{path.relative_to(SOURCE.parent)}:{node.lineno}"
                    raw.append(f"{where} {keyword.arg}={ast.unparse(value)}")
    assert raw == [], "pass the enum member, e.g. status=BatchStatus(row['status'])"


@pytest.mark.parametrize(
    ("locale", "shown"), [("zh_CN", "鲜果收购"), ("ug", "مېۋە سېتىۋېلىش"), ("en", "Fruit purchase")]
)
def test_a_ledger_entry_kind_is_shown_by_its_one_name(locale, shown):
    assert translate("{kind}", locale, kind=EntryKind.FRUIT_PURCHASE) == shown
    assert NAMES[EntryKind][EntryKind.REVERSAL] == "Reversal"

"""Which language coop answers in: the user's choice, else the browser's favourite, else Chinese."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from coop.domain.actors import Actor, Role
from coop.i18n.negotiation import LOCALE_COOKIE, locale_for, negotiate


@pytest.mark.parametrize(
    ("browser_asks", "answer"),
    [
        ("ug;q=0.9, en;q=0.8", "ug"),
        ("en;q=0.8, ug;q=0.9", "ug"),  # the heavier language, wherever it is written
        ("en-GB, en;q=0.5, zh;q=0.7", "en"),
        ("en, ug", "en"),  # equal weights: the one named first
    ],
)
def test_the_language_the_browser_weighs_most_is_chosen(browser_asks, answer):
    assert negotiate(browser_asks) == answer


@pytest.mark.parametrize(
    ("browser_asks", "answer"),
    [
        ("zh-CN", "zh_CN"),
        ("zh-Hans", "zh_CN"),
        ("zh-Hans-CN", "zh_CN"),
        ("zh_CN", "zh_CN"),
        ("ug-CN, ug;q=0.9", "ug"),
        ("ug-Arab-CN", "ug"),
        ("EN-us", "en"),
    ],
)
def test_a_region_or_script_asks_for_its_language(browser_asks, answer):
    assert negotiate(browser_asks) == answer


def test_a_weight_of_zero_refuses_a_language():
    assert negotiate("en;q=0") == "zh_CN"
    assert negotiate("en;q=0, ug;q=0.1") == "ug"
    assert negotiate("zh-TW;q=0, zh;q=0.8, en;q=0.5") == "zh_CN"  # Chinese is still accepted


def test_someone_who_refuses_chinese_is_not_answered_in_chinese():
    assert negotiate("zh;q=0") == "ug"
    assert negotiate("zh;q=0, ug;q=0") == "en"


def test_a_star_stands_for_every_language_the_browser_did_not_name():
    assert negotiate("*") == "zh_CN"
    assert negotiate("en, *;q=0.5") == "en"
    assert negotiate("en;q=0, *") == "zh_CN"
    assert negotiate("zh;q=0, *;q=0.5") == "ug"
    assert negotiate("fr, *;q=0.1") == "zh_CN"


@pytest.mark.parametrize("browser_asks", [None, "", "fr-FR, de;q=0.8", "en;q=2", "en;q=x", ";;,"])
def test_without_a_language_we_speak_the_answer_is_chinese(browser_asks):
    assert negotiate(browser_asks) == "zh_CN"


def test_the_users_own_choice_comes_before_the_browsers():
    assert negotiate("en", preferred="ug") == "ug"
    assert negotiate("en", preferred="fr") == "en"  # a choice we do not have is no choice


def asking(accept_language: str | None = None, cookie: str | None = None) -> SimpleNamespace:
    headers = {"accept-language": accept_language} if accept_language else {}
    return SimpleNamespace(headers=headers, cookies={LOCALE_COOKIE: cookie} if cookie else {})


def test_a_signed_in_users_saved_language_comes_first_then_the_cookie_then_the_browser():
    member = Actor(1, 1, Role.MEMBER, "热依汗", household_id=1, locale="ug")
    assert locale_for(asking("en", cookie="zh_CN"), member) == "ug"
    assert locale_for(asking("en", cookie="zh_CN")) == "zh_CN"
    assert locale_for(asking("zh;q=0.5, en")) == "en"
    assert locale_for(asking()) == "zh_CN"


async def test_the_api_answers_in_the_language_the_browser_weighs_most(client, world):
    headers = world.headers(Role.CLERK, **{"Accept-Language": "en;q=0.5, ug;q=0.9"})
    response = await client.get("/api/v1/households/999999", headers=headers)
    assert response.status_code == 404
    assert any("\u0600" <= c <= "\u06ff" for c in response.json()["error"]["message"])


async def test_a_page_refusing_english_is_not_answered_in_english(client):
    page = await client.get("/no-such-page", headers={"Accept-Language": "en;q=0, ug;q=0.2"})
    assert page.status_code == 404
    assert 'lang="ug"' in page.text and 'dir="rtl"' in page.text

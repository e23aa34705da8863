"""The pages through httpx on SQLite and PostgreSQL: sign-in, CSRF, refusals, forms, languages."""

from __future__ import annotations

import re

import pytest

from coop.domain.actors import Role
from coop.tables import HarvestLot, Household, LedgerEntry
from web.conftest import csrf_of, post_form, sign_in


async def test_a_signed_out_visitor_is_sent_to_sign_in_and_back(visitor, world):
    client = await visitor()
    page = await client.get("/weigh")
    assert page.status_code == 303
    assert page.headers["location"] == "/sign-in?next=/weigh"
    signed = await post_form(
        client,
        "/sign-in?next=/weigh",
        "/sign-in",
        {"phone": world.phones[Role.CLERK], "password": "correct horse battery", "next": "/weigh"},
    )
    assert signed.status_code == 303 and signed.headers["location"] == "/weigh"
    cookie = signed.headers.get_list("set-cookie")
    session = next(c for c in cookie if c.startswith("coop_session="))
    assert "HttpOnly" in session and "SameSite=lax" in session.replace("Lax", "lax")


async def test_each_role_starts_on_its_own_page(visitor, world):
    for role, home in ((Role.CLERK, "/weigh"), (Role.MEMBER, "/me"), (Role.ADMIN, "/overview")):
        client = await visitor()
        signed = await sign_in(client, world.phones[role])
        assert signed.headers["location"] == home
        assert (await client.get(home)).status_code == 200
        assert (await client.get("/")).headers["location"] == home


async def test_a_wrong_password_shows_a_clear_message_in_chinese(visitor, world):
    client = await visitor()
    page = await sign_in(client, world.phones[Role.CLERK], "not the password")
    assert page.status_code == 401
    assert "手机号或密码错误" in page.text
    assert "coop_session" not in page.headers.get("set-cookie", "")


async def test_five_wrong_passwords_lock_the_phone_with_a_page_saying_how_long(visitor, world):
    client = await visitor()
    for _ in range(5):
        assert (await sign_in(client, world.phones[Role.MEMBER], "wrong!")).status_code == 401
    page = await sign_in(client, world.phones[Role.MEMBER])
    assert page.status_code == 429
    assert "15 分钟" in page.text


async def test_an_expired_session_sends_to_sign_in_with_a_message(visitor, world):
    client = await visitor()
    client.cookies.set("coop_session", "an-old-token")
    page = await client.get("/me")
    assert page.status_code == 303
    assert page.headers["location"] == "/sign-in?next=/me&expired=1"
    assert "登录已过期" in (await client.get(page.headers["location"])).text


async def test_sign_out_ends_the_session(visitor, world):
    client = await visitor(Role.CLERK)
    token = csrf_of(await client.get("/weigh"))
    assert (await client.post("/sign-out", data={"_csrf_token": token})).status_code == 303
    assert (await client.get("/weigh")).status_code == 303


async def test_a_form_posted_without_its_csrf_token_is_refused_and_saves_nothing(visitor, world):
    client = await visitor(Role.CLERK)
    household = world.households["H1"]
    page = await client.post(
        f"/weigh/{household}",
        data={"product_id": str(world.fruit_id), "weight": "12.5", "price": "10", "key": "k1"},
    )
    assert page.status_code == 403
    assert page.headers["content-type"].startswith("text/html")
    assert "表单已失效" in page.text
    assert await HarvestLot.count().where(HarvestLot.household == household) == 0


async def test_the_api_takes_bearer_tokens_without_csrf(client, world):
    response = await client.post(
        "/api/v1/weighins",
        json={
            "household_id": world.households["H2"],
            "product_id": world.fruit_id,
            "weight_g": 1000,
        },
        headers=world.headers(Role.CLERK),
    )
    assert response.status_code == 201, response.text


async def test_api_errors_stay_json_and_page_errors_are_pages(client):
    api = await client.get("/api/v1/nowhere")
    assert api.status_code == 404 and api.json()["error"]["code"] == "not_found"
    page = await client.get("/nowhere")
    assert page.status_code == 404 and "<html" in page.text and "此地址没有内容" in page.text


async def test_the_clerk_sees_the_amount_before_saving_and_a_double_submit_saves_once(
    visitor, world
):
    client = await visitor(Role.CLERK)
    household = world.households["H1"]
    form = await client.get(f"/weigh/{household}")
    assert 'inputmode="decimal"' in form.text
    assert 'value="10.00"' in form.text  # the posted price, prefilled
    key = re.search(r'name="key" value="([^"]+)"', form.text).group(1)
    fields = {
        "_csrf_token": csrf_of(form),
        "product_id": str(world.fruit_id),
        "weight": "12.5",
        "price": "10.00",
        "key": key,
    }
    preview = await client.post(f"/weigh/{household}", data={**fields, "action": "preview"})
    assert preview.status_code == 200
    assert "125.00" in preview.text
    assert await HarvestLot.count().where(HarvestLot.household == household) == 0
    as_you_type = await client.get(f"/weigh/{household}?weight=25斤&price=10")
    assert "125.00" in as_you_type.text

    first = await client.post(f"/weigh/{household}", data={**fields, "action": "save"})
    again = await client.post(f"/weigh/{household}", data={**fields, "action": "save"})
    assert first.status_code == again.status_code == 303
    assert first.headers["location"] == again.headers["location"]
    assert await HarvestLot.count().where(HarvestLot.household == household) == 1
    receipt = await client.get(first.headers["location"])
    assert "125.00" in receipt.text and "12.5" in receipt.text


async def test_a_weight_that_cannot_be_read_is_shown_next_to_the_form_and_nothing_is_saved(
    visitor, world
):
    client = await visitor(Role.CLERK)
    household = world.households["H1"]
    page = await post_form(
        client,
        f"/weigh/{household}",
        f"/weigh/{household}",
        {"product_id": str(world.fruit_id), "weight": "twelve", "price": "10", "key": "k"},
    )
    assert page.status_code == 422
    assert "不是重量" in page.text
    assert await HarvestLot.count().where(HarvestLot.household == household) == 0


async def test_a_correction_needs_a_reason_and_then_reverses_and_replaces(visitor, world):
    client = await visitor(Role.CLERK)
    household = world.households["H2"]
    saved = await post_form(
        client,
        f"/weigh/{household}",
        f"/weigh/{household}",
        {"product_id": str(world.fruit_id), "weight": "12.5", "price": "10", "key": "c1"},
    )
    lot_id = int(saved.headers["location"].split("/")[2].split("?")[0])
    correct = f"/weigh/lots/{lot_id}/correct"
    no_reason = await post_form(client, correct, correct, {"weight": "12", "reason": ""})
    assert no_reason.status_code == 422 and "请填写更正原因" in no_reason.text
    done = await post_form(client, correct, correct, {"weight": "12", "reason": "秤没归零"})
    assert done.status_code == 303
    statement = await client.get(f"/households/{household}/statement")
    assert "120.00" in statement.text
    kinds = re.findall(r'data-kind="(\w+)"', statement.text)
    assert kinds == ["fruit_purchase", "reversal", "fruit_purchase"]
    assert await LedgerEntry.count().where(LedgerEntry.household == household) == 3


async def test_a_grower_records_and_the_clerk_confirms_with_the_weighed_figure(visitor, world):
    grower = await visitor(Role.MEMBER)
    recorded = await post_form(
        grower, "/me", "/me/records", {"product_id": str(world.fruit_id), "weight": "8.4"}
    )
    assert recorded.status_code == 303
    clerk = await visitor(Role.CLERK)
    station = await clerk.get("/weigh")
    record_id = re.search(r'id="record-(\d+)"', station.text).group(1)
    confirm = f"/weigh/records/{record_id}/confirm"
    without_reason = await post_form(clerk, "/weigh", confirm, {"weight": "8.2", "reason": ""})
    assert without_reason.status_code == 422 and "请填写原因" in without_reason.text
    confirmed = await post_form(clerk, "/weigh", confirm, {"weight": "8.2", "reason": "带了筐"})
    assert confirmed.status_code == 303
    mine = await grower.get("/me")
    assert "已确认" in mine.text and ">8.2<" in mine.text


async def test_a_member_opening_another_households_statement_gets_a_clear_refusal(visitor, world):
    grower = await visitor(Role.MEMBER)
    assert (await grower.get(f"/households/{world.households['H1']}/statement")).status_code == 200
    page = await grower.get(f"/households/{world.households['H2']}/statement")
    assert page.status_code == 403
    assert "您只能查看自己家的记录" in page.text
    assert "阿依古丽" not in page.text  # nothing of the other household leaks


async def test_a_clerk_cannot_open_household_management(visitor, world):
    clerk = await visitor(Role.CLERK)
    for path in ("/households", "/households/new", f"/households/{world.households['H1']}/edit"):
        page = await clerk.get(path)
        assert page.status_code == 403, path
        assert "无权" in page.text


async def test_an_admin_creates_edits_and_deactivates_a_household(visitor, world):
    admin = await visitor(Role.ADMIN)
    fields = {
        "code": "H9",
        "display_name": "吐尔逊·买买提",
        "is_member": "on",
        "phone": "",
        "village_group": "3 组",
        "baseline_income": "6200",
        "baseline_year": "2024",
    }
    created = await post_form(admin, "/households/new", "/households/new", fields)
    assert created.status_code == 303, created.text
    row = (
        await Household.select()
        .where((Household.cooperative == world.cooperative_id) & (Household.code == "H9"))
        .first()
    )
    assert row["baseline_income_fen"] == 620000 and row["consent_public_name"] is False
    edit = f"/households/{row['id']}/edit"
    edited = await post_form(admin, edit, edit, {**fields, "consent_public_name": "on"})
    assert edited.status_code == 303
    taken = await post_form(admin, edit, edit, {**fields, "code": "H1"})
    assert taken.status_code == 422 and "H1" in taken.text
    deactivated = await post_form(
        admin, "/households", f"/households/{row['id']}/active", {"active": "0"}
    )
    assert deactivated.status_code == 303
    row = await Household.select().where(Household.id == row["id"]).first()
    assert row["consent_public_name"] is True and row["active"] is False
    assert "H9" not in (await admin.get("/households")).text
    assert "H9" in (await admin.get("/households?inactive=true")).text


@pytest.mark.parametrize(
    ("locale", "lang", "direction", "word"),
    [
        ("zh_CN", "zh-CN", "ltr", "过磅"),
        ("ug", "ug", "rtl", "تارازا"),
        ("en", "en", "ltr", "Weigh"),
    ],
)
async def test_every_page_renders_in_each_language_and_the_choice_is_remembered(
    visitor, world, locale, lang, direction, word
):
    clerk = await visitor(Role.CLERK)
    chosen = await post_form(clerk, "/weigh", "/language", {"locale": locale, "next": "/weigh"})
    assert chosen.status_code == 303 and chosen.headers["location"] == "/weigh"
    household = world.households["H1"]
    saved = await post_form(
        clerk,
        f"/weigh/{household}",
        f"/weigh/{household}",
        {"product_id": str(world.fruit_id), "weight": "3", "price": "10", "key": locale},
    )
    pages = [
        "/weigh",
        f"/weigh/{household}",
        saved.headers["location"],
        f"/households/{household}/statement",
    ]
    for path in pages:
        page = await clerk.get(path)
        assert page.status_code == 200, path
        assert f'<html lang="{lang}" dir="{direction}">' in page.text, path
        assert word in page.text, path
    # remembered for the user: a new sign-in elsewhere opens in the same language
    elsewhere = await visitor(Role.CLERK)
    assert f'lang="{lang}"' in (await elsewhere.get("/weigh")).text


async def test_a_card_code_typed_in_full_opens_that_households_weigh_form(visitor, world):
    clerk = await visitor(Role.CLERK)
    one = await clerk.get("/weigh?q=H1")
    assert one.status_code == 303
    assert one.headers["location"] == f"/weigh/{world.households['H1']}"
    several = await clerk.get("/weigh?q=H")
    assert several.status_code == 200
    assert "王建国" in several.text and "阿依古丽" in several.text
    as_you_type = await clerk.get("/weigh?q=H1", headers={"HX-Request": "true"})
    assert as_you_type.status_code == 200 and "王建国" in as_you_type.text


async def test_while_typing_an_unreadable_weight_the_preview_says_why(visitor, world):
    clerk = await visitor(Role.CLERK)
    preview = await clerk.get(
        f"/weigh/{world.households['H1']}?weight=12,5&price=10", headers={"HX-Request": "true"}
    )
    assert preview.status_code == 200
    assert 'id="preview"' in preview.text and "field-error" in preview.text


async def test_a_grower_cannot_open_the_weigh_station(visitor, world):
    grower = await visitor(Role.MEMBER)
    for path in ("/weigh", f"/weigh/{world.households['H1']}"):
        page = await grower.get(path)
        assert page.status_code == 403, path
        assert "无权" in page.text


@pytest.mark.parametrize("target", ["https://evil.example", "//evil.example", "/\\evil.example"])
async def test_signing_in_never_redirects_to_another_site(visitor, world, target):
    client = await visitor()
    signed = await post_form(
        client,
        "/sign-in",
        "/sign-in",
        {"phone": world.phones[Role.CLERK], "password": "correct horse battery", "next": target},
    )
    assert signed.headers["location"] == "/weigh"

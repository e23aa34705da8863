"""A buyer scans a label and reads where the fruit came from, in their own language."""

import gzip

import pytest

from coop.domain.actors import Actor, Role
from coop.domain.errors import NotFound
from coop.services import holds
from coop.services.holds import Hold
from coop.services.public import public_lot
from coop.tables import Cooperative

GTIN = "06901234567892"


async def test_a_harvest_lots_page_shows_product_picking_date_village_and_households(
    site, coop_world, make_lot
):
    code = await make_lot(coop_world)

    page = await site.get(f"/l/{code}")

    assert page.status_code == 200
    assert "text/html" in page.headers["content-type"]
    html = page.text
    assert '<html lang="zh-CN" dir="ltr">' in html
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
    for shown in ("鲜树莓", "2026-07-03", "2026-07-06", "果子沟村", "采摘日期", code):
        assert shown in html
    assert "<dt>种植户数</dt><dd><bdi>1</bdi></dd>" in html
    assert 'href="https://shop.example.cn/guozigou"' in html


@pytest.mark.parametrize(
    "form",
    ["/l/{code}", "/l/{code}/A1B2C3", "/01/{gtin}/10/{code}", "/01/{gtin}/10/{code}/21/7788"],
)
async def test_every_label_url_form_leads_to_the_lots_page(site, coop_world, make_lot, form):
    code = await make_lot(coop_world)

    page = await site.get(form.format(code=code, gtin=GTIN))

    assert page.status_code == 200
    assert code in page.text and "鲜树莓" in page.text


async def test_a_code_typed_in_lowercase_with_o_for_zero_still_finds_the_lot(
    site, coop_world, make_lot
):
    code = await make_lot(coop_world)
    typed = code.lower().replace("0", "o").replace("-", "")

    page = await site.get(f"/l/{typed}")

    assert page.status_code == 200
    assert code in page.text


@pytest.mark.parametrize(
    ("path", "language", "says"),
    [
        ("/l/H26-ZZZZZZZZ", "zh-CN,zh;q=0.9", "没有找到这个批次"),
        ("/l/not-a-code", "en-US,en;q=0.8", "We could not find this lot"),
        ("/l/H26-ZZZZZZZZ/bad%20serial!", "ug", "بۇ تۈركۈم تېپىلمىدى"),
        ("/01/123/10/H26-ZZZZZZZZ", "en", "We could not find this lot"),
        ("/c/no-such-cooperative", "en", "We could not find this page"),
    ],
)
async def test_an_unknown_lot_gets_a_friendly_page_in_the_visitors_language(
    site, database, path, language, says
):
    page = await site.get(path, headers={"Accept-Language": language})

    assert page.status_code == 404
    assert "text/html" in page.headers["content-type"]
    assert says in page.text
    assert "Traceback" not in page.text


async def test_lang_switches_the_language_and_a_cookie_remembers_it(site, coop_world, make_lot):
    code = await make_lot(coop_world)

    english = await site.get(f"/l/{code}?lang=en", headers={"Accept-Language": "zh-CN"})
    assert english.cookies.get("coop_locale") == "en"
    assert "Picked on" in english.text and "Fresh raspberries" in english.text

    remembered = await site.get(f"/l/{code}", headers={"Accept-Language": "zh-CN"})
    assert "Picked on" in remembered.text

    uyghur = await site.get(f"/l/{code}?lang=ug")
    assert '<html lang="ug" dir="rtl">' in uyghur.text
    assert "يېڭى بۆلجۈرگەن" in uyghur.text
    assert f"<bdi>{code}</bdi>" in uyghur.text and "<bdi>2026-07-03</bdi>" in uyghur.text
    assert '"Noto Naskh Arabic"' in uyghur.text


async def test_accept_language_chooses_uyghur_without_a_cookie(site, coop_world, make_lot):
    code = await make_lot(coop_world)

    page = await site.get(f"/l/{code}", headers={"Accept-Language": "ug-CN,ug;q=0.9"})

    assert 'dir="rtl"' in page.text and "ئۈزۈلگەن ۋاقتى" in page.text


async def test_the_first_load_is_under_30_kb_compressed_and_needs_no_script(
    site, coop_world, make_lot
):
    code = await make_lot(coop_world)
    for path in (f"/l/{code}", f"/l/{code}?lang=ug", "/c/" + await _slug(coop_world)):
        async with site.stream("GET", path, headers={"Accept-Encoding": "gzip"}) as page:
            transferred = b"".join([chunk async for chunk in page.aiter_raw()])
        assert page.status_code == 200
        assert page.headers["content-encoding"] == "gzip"
        assert len(transferred) < 30_000
        html = gzip.decompress(transferred).decode()
        assert "<script" not in html and 'rel="stylesheet"' not in html


async def _slug(world) -> str:
    row = await Cooperative.select(Cooperative.slug).where(Cooperative.id == world.cooperative_id)
    return row[0]["slug"]


async def test_the_cooperative_page_tells_its_story_prices_and_how_to_order(site, coop_world):
    page = await site.get("/c/" + await _slug(coop_world))

    assert page.status_code == 200
    for shown in (
        "驻村工作队帮助我们建起了采摘园",
        "鲜树莓",
        "¥20.00",
        "每公斤",
        "树莓酱",
        "¥35.00",
        "每瓶",
        "250 g",
        "0999-8123456",
        "guozigou-coop",
        "https://shop.example.cn/guozigou",
        "绿色食品认证",
        "果子沟村",
    ):
        assert shown in page.text, shown


async def test_holding_a_lot_shows_the_notice_on_the_very_next_request(site, coop_world, make_lot):
    code = await make_lot(coop_world)
    assert "暂停销售" not in (await site.get(f"/l/{code}")).text
    assert "暂停销售" not in (await site.get(f"/l/{code}")).text  # now from the cache

    held = await site.post(
        "/api/v1/holds",
        json={"lot_code": code.lower(), "reason": "农残待检"},
        headers=coop_world.headers(Role.ADMIN),
    )
    assert held.status_code == 200, held.text

    page = (await site.get(f"/l/{code}")).text
    assert "本批次暂停销售" in page and "采摘日期" not in page
    assert "再次订购" not in page  # no reorder link on a held lot, only the cooperative's contact
    assert "关于合作社" in page

    released = await site.post(
        "/api/v1/holds/release",
        json={"lot_code": code, "reason": "检测合格"},
        headers=coop_world.headers(Role.ADMIN),
    )
    assert released.status_code == 200, released.text
    assert "采摘日期" in (await site.get(f"/l/{code}")).text

    recalled = await site.post(
        "/api/v1/recalls",
        json={"lot_code": code, "reason": "霉变"},
        headers=coop_world.headers(Role.WORK_TEAM),
    )
    assert recalled.status_code == 201, recalled.text
    assert "本批次已召回" in (await site.get(f"/l/{code}")).text


async def test_only_staff_may_hold_a_lot_and_only_saying_why(site, coop_world, make_lot):
    code = await make_lot(coop_world)

    member = await site.post(
        "/api/v1/holds",
        json={"lot_code": code, "reason": "农残待检"},
        headers=coop_world.headers(Role.MEMBER),
    )
    silent = await site.post(
        "/api/v1/holds",
        json={"lot_code": code, "reason": " "},
        headers=coop_world.headers(Role.ADMIN),
    )

    assert member.status_code == 403
    assert silent.status_code == 422
    assert "采摘日期" in (await site.get(f"/l/{code}")).text


async def test_another_cooperatives_admin_cannot_hold_a_lot(database, coop_world, make_lot):
    code = await make_lot(coop_world)
    other = Cooperative(slug=f"other-{code}", name="另一个合作社")
    await other.save()
    stranger = Actor(coop_world.actors[Role.ADMIN].user_id, other.id, Role.ADMIN, "stranger")

    with pytest.raises(NotFound):
        await holds.hold(stranger, Hold(code, "农残待检"))
    assert (await public_lot(code)).status == "normal"

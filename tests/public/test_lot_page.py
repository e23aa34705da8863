"""A buyer scans a label and reads where the fruit came from, in their own language."""



async def test_a_harvest_lots_page_shows_product_picking_date_village_and_households(
    site, coop_world, make_lot
):
    code = await make_lot(coop_world)

    page = await site.get(f"/l/{code}")

    assert page.status_code == 200
    assert "text/html" in page.headers["content-type"]
    html = page.text
    assert '<html lang="zh-CN" dir="ltr">' in html
    for shown in ("鲜树莓", "2026-07-03", "2026-07-06", "果子沟村", "采摘日期", code):
        assert shown in html
    assert "<dt>种植户数</dt><dd><bdi>1</bdi></dd>" in html
    assert 'href="https://shop.example.cn/guozigou"' in html

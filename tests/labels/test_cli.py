"""`coop labels`: the cooperative's own QR from the database, and clear errors with exit 1."""

import pytest
from click.testing import CliRunner
from PIL import Image
from support_labels import BASE_URL, decode, render_pdf

from coop.cli import main
from coop.domain.errors import NotFound
from coop.labels.layout import load_layout
from coop.labels.render import Renderer
from coop.services.labels import cooperative_label
from coop.tables import Cooperative


def labels(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(main, ["labels", *args], env=env)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--layout", "a5-2x4"], "No label layout a5-2x4; layouts: a4-3x8, roll-62mm"),
        (["--count", "0"], "between 1 and 10000, not 0"),
        (["--count", "10001"], "between 1 and 10000, not 10001"),
        (["-o", "labels.docx"], "use a file ending in .pdf, .png, .svg, .zpl, .bin"),
    ],
)
def test_a_bad_option_gets_a_clear_message_and_a_non_zero_exit(tmp_path, args, message):
    options = ["--coop", "guozigou", "-o", str(tmp_path / "out.pdf"), *args]
    result = labels(*options)
    assert result.exit_code == 1
    assert message in result.output
    assert "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == []


def test_a_lot_and_a_cooperative_together_are_refused(tmp_path):
    result = labels("B26-M9S346Q6", "--coop", "x", "-o", str(tmp_path / "out.pdf"))
    assert result.exit_code == 2
    assert "not both" in result.output


async def test_the_cooperative_label_links_to_its_page_and_carries_its_name(world):
    cooperative = await Cooperative.objects().get(Cooperative.id == world.cooperative_id)
    data = await cooperative_label(cooperative.slug, BASE_URL)
    assert data.url == f"{BASE_URL}/c/{cooperative.slug}"
    assert data.name_zh == cooperative.name
    assert data.url_text == f"127.0.0.1:8000/c/{cooperative.slug}"


async def test_an_unknown_cooperative_has_no_label(database):
    with pytest.raises(NotFound, match="No cooperative nowhere"):
        await cooperative_label("nowhere", BASE_URL)


@pytest.fixture
async def cooperative_slug(world) -> str:
    cooperative = await Cooperative.objects().get(Cooperative.id == world.cooperative_id)
    return cooperative.slug


def test_coop_labels_print_the_cooperatives_own_qr_on_an_a4_sheet(
    cooperative_slug, database_url, tmp_path
):
    env = {"COOP_DATABASE_URL": database_url, "COOP_BASE_URL": BASE_URL}
    pdf = tmp_path / "poster.pdf"
    result = labels("--coop", cooperative_slug, "--count", "30", "-o", str(pdf), env=env)
    assert result.exit_code == 0, result.output
    assert "30 labels written" in result.output
    pages = render_pdf(pdf, tmp_path)
    assert len(pages) == 2
    layout = load_layout("a4-3x8")
    width, height = Renderer(layout).size
    cells = [(page, x, y) for page in pages for x, y in layout.origins(300)][:30]
    decoded = [decode(page.crop((x, y, x + width, y + height))) for page, x, y in cells]
    assert decoded == [[f"{BASE_URL}/c/{cooperative_slug}"]] * 30


def test_several_png_labels_become_numbered_files(cooperative_slug, database_url, tmp_path):
    env = {"COOP_DATABASE_URL": database_url}
    result = labels(
        "--coop", cooperative_slug, "--layout", "roll-62mm", "--count", "2",
        "-o", str(tmp_path / "sign.png"), env=env,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    files = sorted(path.name for path in tmp_path.iterdir())
    assert files == ["sign-0001.png", "sign-0002.png"]
    assert decode(Image.open(tmp_path / "sign-0001.png")) == [
        f"http://127.0.0.1:8000/c/{cooperative_slug}"
    ]


def test_an_unknown_cooperative_slug_is_a_clear_error(database, database_url, tmp_path):
    env = {"COOP_DATABASE_URL": database_url}
    result = labels("--coop", "nowhere", "-o", str(tmp_path / "x.pdf"), env=env)
    assert result.exit_code == 1
    assert "No cooperative nowhere." in result.output

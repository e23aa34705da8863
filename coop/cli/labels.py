"""`coop labels`: QR labels for a batch's jars or for the cooperative itself, to a file."""

from __future__ import annotations

from pathlib import Path

import click

from coop.cli.running import run
from coop.domain.errors import DomainError


@click.command()
@click.argument("lot", required=False)
@click.option("--coop", "slug", help="The cooperative's own QR, linking to its page /c/SLUG.")
@click.option(
    "--layout",
    "layout_name",
    default="a4-3x8",
    show_default=True,
    help="A layout file in labels/ (a4-3x8, roll-62mm, …).",
)
@click.option("--count", default=1, show_default=True, type=int, help="How many labels (1–10 000).")
@click.option(
    "--serials", is_flag=True, help="A serial per jar in each QR, continuing the batch's last run."
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="Where to write: .pdf .png .svg .zpl (Zebra) or .bin (Brother QL).",
)
def labels(
    lot: str | None, slug: str | None, layout_name: str, count: int, serials: bool, output: Path
) -> None:
    """Print QR labels: a batch's jars (LOT, the run recorded) or the cooperative's own QR
    (--coop SLUG). A batch's product GTIN makes its QR a GS1 Digital Link."""
    from coop.domain.label_runs import check_label_count
    from coop.labels.content import LabelData
    from coop.labels.fonts import FontMissing
    from coop.labels.layout import load_layout
    from coop.labels.output import format_of, write_labels
    from coop.services.label_options import FORMATS
    from coop.services.labels import cooperative_label, lot_labels_from_command_line

    if lot is not None and slug is not None:
        raise click.UsageError("Give either a batch LOT or --coop SLUG, not both.")
    if lot is None and slug is None:
        raise click.UsageError("Give a batch LOT or --coop SLUG.")
    if slug is not None and serials:
        raise click.UsageError("--serials is for batch labels, not --coop.")
    try:
        check_label_count(count)
        layout = load_layout(layout_name)
        extension = format_of(output)
    except DomainError as error:
        raise click.ClickException(str(error)) from None
    if not output.parent.is_dir():
        raise click.ClickException(f"The folder {output.parent} does not exist.")
    if lot is not None:
        fmt = {extension: name for name, extension in FORMATS.items()}[extension]
        planned = run(
            lambda settings: lot_labels_from_command_line(
                lot, layout_name, count, serials, fmt, base_url=settings.base_url
            )
        )
        printing: list[LabelData] = planned.labels
        serial_note = (
            f", serials {planned.labels[0].serial}–{planned.labels[-1].serial}" if serials else ""
        )
    else:
        assert slug is not None
        cooperative = slug
        data = run(lambda settings: cooperative_label(cooperative, settings.base_url))
        printing, serial_note = [data] * count, ""
    with click.progressbar(length=count, label="labels") as bar:
        try:
            written = write_labels(output, layout, printing, bar.update)
        except (DomainError, FontMissing, OSError) as error:
            raise click.ClickException(str(error)) from None
    more = " …" if len(written) > 1 else ""
    click.echo(f"{count} labels written to {written[0]}{more}{serial_note}")

"""Labels: a batch's jar labels as a file to download (the run recorded), and the layouts."""

from __future__ import annotations

from typing import Annotated

import msgspec
from litestar import Controller, Request, Response, get, post

from coop.api.deps import PathId
from coop.domain.actors import Actor
from coop.services import labels
from coop.services.fields import Text40
from coop.services.label_options import LayoutView, label_layouts
from coop.services.labels import LabelFile, LabelRunView

Format = Annotated[str, msgspec.Meta(description="pdf, png, svg, zpl or brother (QL raster)")]


class PrintLabels(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    layout: Text40
    count: Annotated[int, msgspec.Meta(description="1 to 10 000 labels (checked by the run)")]
    serials: bool = False
    format: Format = "pdf"
    price: bool = False  # print the product's price on each label


def download(printed: LabelFile) -> Response[bytes]:
    """The file with its type and download headers."""
    return Response(
        printed.content, media_type=printed.content_type, headers=printed.download_headers()
    )


class LabelController(Controller):
    path = "/"
    tags = ["labels"]

    @post("/batches/{batch_id:int}/labels", status_code=200)
    async def print_labels(
        self, request: Request, actor: Actor, batch_id: PathId, data: PrintLabels
    ) -> Response[bytes]:
        """A batch's jar labels as a file (PDF, PNG, SVG, ZPL or QL raster); the run is recorded."""
        printed = await labels.print_batch_labels(
            actor,
            batch_id,
            data.layout,
            data.count,
            data.serials,
            data.format,
            base_url=request.app.state.settings.base_url,
            with_price=data.price,
        )
        return download(printed)

    @get("/batches/{batch_id:int}/label-runs")
    async def runs(self, actor: Actor, batch_id: PathId) -> list[LabelRunView]:
        """The label runs printed for a batch."""
        return await labels.label_runs(actor, batch_id)

    @get("/label-layouts")
    async def layouts(self) -> list[LayoutView]:
        """The label layouts to print with."""
        return label_layouts()

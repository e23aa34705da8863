"""Orders: the order desk's API for orders, their statuses, picks, imports and packing slips."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated

import msgspec
from litestar import Controller, Request, get, post, put
from litestar.datastructures import UploadFile
from litestar.enums import RequestEncodingType
from litestar.params import Body

from coop.api.deps import IdempotencyKey, OptionalText, PathId, QueryText, example
from coop.domain.actors import Actor
from coop.i18n.negotiation import locale_for
from coop.services import (
    import_mappings,
    order_creation,
    order_import,
    order_queries,
    order_reports,
    order_transitions,
)
from coop.services.import_mappings import MappingView
from coop.services.import_views import ImportPreview, ImportResult
from coop.services.order_reports import OrderSources, PackingSlip
from coop.services.order_views import (
    BatchOrder,
    NewOrder,
    OrderSummary,
    OrderView,
    Picks,
    Transition,
)


class NewMapping(msgspec.Struct, forbid_unknown_fields=True):
    """For each of our fields, the header of the shop's column that holds it."""

    mapping: dict[str, str]


@dataclass
class Upload:
    """A shop's export (CSV or XLSX) for a channel; confirm sends it again with its token."""

    channel: str
    file: UploadFile
    token: str = ""


Multipart = Body(media_type=RequestEncodingType.MULTI_PART)


ORDER_EXAMPLE = example(
    "3 jars from the online shop, shipped",
    {
        "channel": "shop",
        "channel_order_no": "TB20260801001",
        "buyer_name": "刘先生",
        "buyer_phone": "13600000000",
        "address": "伊宁市解放路 8 号",
        "lines": [{"product_id": 2, "jars": 3}],
        "shipping_fen": 800,
        "total_fen": 11300,
    },
)


class OrderController(Controller):
    path = "/orders"
    tags = ["orders"]

    @get("/")
    async def list(
        self,
        actor: Actor,
        status: OptionalText = None,
        channel: OptionalText = None,
        date_from: date | None = None,
        date_to: date | None = None,
    ) -> list[OrderSummary]:
        """Orders, filtered by status, channel and order date."""
        return await order_queries.orders(actor, status, channel, date_from, date_to)

    @post("/")
    async def create(
        self,
        actor: Actor,
        data: Annotated[NewOrder, ORDER_EXAMPLE],
        idempotency_key: IdempotencyKey = None,
    ) -> OrderView:
        """Takes an order, reserving its jars or fruit; with the same Idempotency-Key, one order."""
        return await order_creation.create_order(actor, data, idempotency_key)

    @get("/{order_id:int}")
    async def read(self, actor: Actor, order_id: PathId) -> OrderView:
        """One order with its lines and what fills them."""
        return await order_queries.order(actor, order_id)

    @post("/{order_id:int}/transitions", status_code=200)
    async def transition(self, actor: Actor, order_id: PathId, data: Transition) -> OrderView:
        """Moves an order on: paid, packed, shipped, delivered, cancelled or refunded."""
        return await order_transitions.transition(actor, order_id, data)

    @put("/{order_id:int}/lines/{line_id:int}/picks", status_code=200)
    async def repick(
        self, actor: Actor, order_id: PathId, line_id: PathId, data: Picks
    ) -> OrderView:
        """Changes which batches or lots fill one order line."""
        return await order_transitions.repick(actor, order_id, line_id, data)

    @get("/{order_id:int}/sources")
    async def sources(self, actor: Actor, order_id: PathId) -> OrderSources:
        """Where an order's jars and fruit came from."""
        return await order_reports.order_sources(actor, order_id)

    @get("/{order_id:int}/packing-slip")
    async def packing_slip(self, actor: Actor, order_id: PathId) -> PackingSlip:
        """An order's packing slip."""
        return await order_reports.packing_slip(actor, order_id)


class BatchOrderController(Controller):
    """The forward trace: which orders took a batch's jars."""

    path = "/batches/{batch_id:int}/orders"
    tags = ["orders"]

    @get("/")
    async def list(self, actor: Actor, batch_id: PathId) -> list[BatchOrder]:
        """The orders that took a batch's jars."""
        return await order_queries.orders_for_batch(actor, batch_id)


class OrderImportController(Controller):
    path = "/order-imports"
    tags = ["orders"]

    @get("/mappings/{channel:str}")
    async def mapping(self, actor: Actor, channel: QueryText) -> MappingView:
        """Which columns of a shop's export hold which of our fields."""
        return await import_mappings.mapping_for(actor, channel)

    @put("/mappings/{channel:str}", status_code=200)
    async def save_mapping(self, actor: Actor, channel: QueryText, data: NewMapping) -> MappingView:
        """Saves the column mapping for a shop's exports."""
        return await import_mappings.save_mapping(actor, channel, data.mapping)

    @post("/preview", status_code=200)
    async def preview(
        self, actor: Actor, request: Request, data: Annotated[Upload, Multipart]
    ) -> ImportPreview:
        """Reads a shop's export and shows the orders it would make; writes nothing."""
        content = await data.file.read()
        return await order_import.preview(actor, data.channel, content, locale_for(request))

    @post("/confirm")
    async def confirm(
        self, actor: Actor, request: Request, data: Annotated[Upload, Multipart]
    ) -> ImportResult:
        """Makes the previewed orders of a shop's export, once."""
        content = await data.file.read()
        return await order_import.confirm(
            actor, data.channel, content, data.token, locale_for(request)
        )

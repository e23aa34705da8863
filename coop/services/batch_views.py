"""What the processing services take and give: batches, inputs, finishing, corrections, views."""

from __future__ import annotations

from datetime import date, datetime

import msgspec

from coop.services.fields import Count, Fen, Grams, Id, Reason, SomeGrams, Text20, Text40, Text80

# --- what callers send ----------------------------------------------------------------------------


class NewBatch(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """Start a batch; a processor's own household is implied, staff name a certified one."""

    product_id: Id
    household_id: Id | None = None
    fee_rate_fen_per_kg: Fen | None = None  # staff only; the product's rate by default
    buyer_name: Text80 = ""  # custom processing: the buyer who brought fruit and wants jam
    buyer_phone: Text20 = ""
    order_ref: Text40 = ""


class InputLine(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """Grams of fruit taken from one harvest lot, named by its printed code."""

    lot_code: Text80
    weight_g: Grams


class Finish(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    jars_filled: Count
    sugar_g: SomeGrams = 0


class Replacement(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """What the batch really was; inputs left out mean the corrected batch's own."""

    jars_filled: Count
    sugar_g: SomeGrams = 0
    inputs: list[InputLine] | None = None


class BatchCorrection(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    reason: Reason
    replacement: Replacement | None = None


# --- what callers get -----------------------------------------------------------------------------


class BatchInputView(msgspec.Struct, frozen=True):
    lot_id: int
    lot_code: str
    grower_household_code: str
    weight_g: int
    lot_remaining_g: int


class BatchSummary(msgspec.Struct, frozen=True, kw_only=True):
    id: int
    code: str
    status: str
    product_id: int
    product_name: str
    product_name_ug: str = ""
    product_name_en: str = ""
    household_id: int
    household_code: str
    household_name: str
    season: int
    started_at: datetime
    finished_at: datetime | None
    fruit_g: int
    sugar_g: int
    jars_filled: int | None
    net_weight_g: int
    jars_in_stock: int
    fee_rate_fen_per_kg: int
    fee_fen: int | None
    made_on: date | None
    best_before: date | None
    yield_per_mille: int | None
    yield_min_per_mille: int | None
    yield_max_per_mille: int | None
    yield_flagged: bool
    buyer_name: str
    buyer_phone: str
    order_ref: str
    buyer_charge_fen: int | None
    replaces_id: int | None
    correction_reason: str


class BatchView(BatchSummary, frozen=True, kw_only=True):
    inputs: list[BatchInputView]


class BatchCorrectionResult(msgspec.Struct, frozen=True):
    original: BatchView
    replacement: BatchView | None
    reason: str


class SuggestedLot(msgspec.Struct, frozen=True):
    lot_id: int
    lot_code: str
    grower_household_code: str
    weighed_at: datetime
    remaining_g: int
    take_g: int


class LotSuggestion(msgspec.Struct, frozen=True):
    wanted_g: int
    short_g: int
    lots: list[SuggestedLot]


class StockLine(msgspec.Struct, frozen=True):
    product_id: int
    product_name: str
    net_weight_g: int
    jars_in_stock: int
    batches: int

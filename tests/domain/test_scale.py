"""A scale's continuous output: stable readings become weights, the rest never do."""

from __future__ import annotations

import pytest
from support_scale_frames import FRAMES

from coop.domain.errors import InvalidInput
from coop.domain.scale import MalformedFrame, Stability, parse_frame, weight_from_scale


@pytest.mark.parametrize(("frame", "meaning"), FRAMES)
def test_each_frame_reads_as_the_indicator_meant_or_is_refused(frame, meaning):
    if meaning is None:
        with pytest.raises(MalformedFrame):
            parse_frame(frame)
    else:
        reading = parse_frame(frame)
        assert (reading.stability.value, reading.weight_g) == meaning
        assert reading.raw == frame.strip("\r\n\x00 ")


def test_a_stable_reading_of_the_same_weight_is_accepted():
    reading = weight_from_scale("ST,+00012.50  kg\r\n", 12500)
    assert reading.stability is Stability.STABLE and reading.weight_g == 12500


@pytest.mark.parametrize(
    ("frame", "weight_g", "code"),
    [
        ("US,+00012.50  kg", 12500, "scale_not_stable"),
        ("OL,+9999999E kg", 12500, "scale_not_stable"),
        ("ST,+00000.00  kg", 1, "scale_empty"),
        ("ST,-00000.40  kg", 400, "scale_empty"),
        ("ST,+00012.50  kg", 12000, "scale_mismatch"),
        ("ST,+00012.50  lb", 12500, "scale_frame_malformed"),
    ],
)
def test_the_server_refuses_a_weight_the_frame_does_not_show(frame, weight_g, code):
    with pytest.raises(InvalidInput) as refused:
        weight_from_scale(frame, weight_g)
    assert refused.value.code == code
    assert frame.split(",")[0] in str(refused.value)  # the raw reading is quoted to the clerk

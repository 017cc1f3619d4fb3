"""The bits model: a pure function of findings, weights with sources."""

from __future__ import annotations

import math

import pytest

from audit.catalog import make_finding
from audit.models import MAX_BITS, Band, Confidence, Severity
from audit.score import WEIGHTS, band, bits_for_people, gps_bits, score, timezone_bits


def _finding(finding_id, bits, links=False):
    return make_finding(
        finding_id, Severity.HIGH, Confidence.HIGH, bits, (), links=links, rule="example"
    )


def test_every_weight_has_a_source():
    assert all(weight.source for weight in WEIGHTS.values())


def test_most_specific_finding_counts_within_a_group():
    result = score([_finding("location.gps", 31.6), _finding("location.place", 14.0)])
    assert result.bits == 31.6
    assert [(c.group, c.finding_id) for c in result.contributions] == [("location", "location.gps")]


def test_groups_add_with_a_discount_and_are_capped():
    result = score([_finding("identity.owner", 22.0), _finding("device.model", 6.6)])
    assert result.bits == pytest.approx(22.0 + 6.6 - 0.5)
    assert score([_finding("location.gps", 31.6), _finding("identity.owner", 22.0)]).bits == round(
        MAX_BITS, 1
    )


def test_linkers_add_no_bits_but_are_counted():
    result = score([_finding("device.serial", 32.9, links=True), _finding("device.model", 12.4)])
    assert (result.bits, result.linkers) == (12.4, 1)


def test_extra_places_add_bits_to_a_set():
    single = score([_finding("location.place", 14.0)])
    three = score([_finding("location.place", 14.0)], distinct_places=3)
    assert three.bits == pytest.approx(single.bits + 12.0)


@pytest.mark.parametrize(
    ("bits", "expected"),
    [
        (0, Band.CROWD),
        (15.9, Band.CROWD),
        (16, Band.NEIGHBOURHOOD),
        (24, Band.STREET),
        (30, Band.LIKELY_YOU),
    ],
)
def test_bands(bits, expected):
    assert band(bits) is expected


def test_one_in_and_crowd():
    result = score([_finding("identity.owner", 20.0)])
    assert result.one_in == pytest.approx(2**20)
    assert result.crowd == pytest.approx(8.1e9 / 2**20)


def test_gps_bits_follow_area_and_density():
    assert gps_bits(5, 5000) == pytest.approx(bits_for_people(2.5))
    assert gps_bits(1000, 5000) < gps_bits(100, 5000) < gps_bits(5, 5000)
    assert gps_bits(1000, 60) > gps_bits(1000, 20000)
    assert gps_bits(1000, 5000) == pytest.approx(math.log2(8.1e9 / (math.pi * 1.0 * 5000)))


def test_timezone_bits():
    assert timezone_bits(480) == pytest.approx(-math.log2(0.25))
    assert timezone_bits(-570) == WEIGHTS["default_timezone_bits"].value

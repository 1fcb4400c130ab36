"""The numeric helpers: worked values, edge cases and the messages for bad input."""

from __future__ import annotations

import math

import pytest

from coursekit import calc


def test_shares_and_ratios():
    assert calc.share(1, 4) == 0.25
    assert calc.share_percent(1, 4) == 25
    assert calc.ratio(10, 4) == 2.5
    assert calc.per_unit(1_400_000, 146) == pytest.approx(9589.04, abs=0.01)


def test_change_multiple_and_points():
    assert calc.percent_change(100, 300) == 200
    assert calc.multiple(100, 300) == 3
    assert calc.percent_change(200, 150) == -25
    assert calc.percentage_points(88.9, 22.2) == pytest.approx(66.7)


def test_cagr():
    assert calc.cagr(100, 100, 5) == 0
    assert calc.cagr(100, 200, 1) == pytest.approx(100)
    with pytest.raises(ValueError, match="'years' must be positive"):
        calc.cagr(100, 200, 0)
    with pytest.raises(ValueError, match="'start' must be positive"):
        calc.cagr(0, 200, 3)


@pytest.mark.parametrize("call", [
    lambda: calc.share(1, 0),
    lambda: calc.ratio(1, 0),
    lambda: calc.percent_change(0, 5),
    lambda: calc.multiple(0, 5),
    lambda: calc.per_unit(5, 0),
    lambda: calc.revenue_per_kwh(5, 0),
    lambda: calc.full_load_hours(5, 0),
])
def test_zero_denominators_say_which_argument(call):
    with pytest.raises(ZeroDivisionError, match="must not be zero: it is the denominator"):
        call()


def test_energy_conversions():
    assert calc.convert_energy(40_000_000, "kWh", "MWh") == 40_000
    assert calc.convert_energy(40_000_000, "kWh", "GWh") == 40
    assert calc.convert_energy(1, "GWh", "kWh") == 1_000_000
    with pytest.raises(ValueError, match=r"must be one of .* \(got 'kwh'\)"):
        calc.convert_energy(1, "kwh", "MWh")


def test_annualise():
    assert calc.annualise(5000, "month") == 60_000
    with pytest.raises(ValueError, match="'per' must be one of"):
        calc.annualise(5000, "fortnight")


def test_revenue_and_capacity_factor():
    assert calc.revenue_per_kwh(10_230_000, 40_000_000) == pytest.approx(0.25575)
    assert calc.full_load_hours(8760, 1) == 8760
    assert calc.capacity_factor(8760, 1) == pytest.approx(100)
    assert calc.capacity_factor(4380, 1) == pytest.approx(50)
    with pytest.raises(ValueError, match="'hours' must be a positive number"):
        calc.capacity_factor(1, 1, hours=0)


def test_rounding_step():
    assert calc.rounding_step(90, 88.89) == 10
    assert calc.rounding_step(88.9, 88.89) == 0.1
    assert calc.rounding_step(4400, 4434.7) == 100
    assert calc.rounding_step(80, 88.89) is None


# Published sunrise-to-sunset day lengths (hours), rounded to the minute, from standard
# almanac tables: the formula should be within 5 minutes of each.
@pytest.mark.parametrize(("latitude", "day", "published"), [
    (0.0, 172, 12 + 7 / 60),      # equator, June solstice: 12 h 07 min
    (51.5, 172, 16 + 38 / 60),    # London, June solstice: 16 h 38 min
    (51.5, 355, 7 + 50 / 60),     # London, December solstice: 7 h 50 min
    (40.0, 172, 15 + 1 / 60),     # 40 N (Beijing, Madrid), June solstice: 15 h 01 min
    (40.0, 355, 9 + 20 / 60),     # 40 N, December solstice: 9 h 20 min
    (-33.9, 172, 9 + 54 / 60),    # Cape Town, June solstice: 9 h 54 min
])
def test_day_length_matches_published_values(latitude, day, published):
    assert calc.day_length(latitude, day) == pytest.approx(published, abs=5 / 60)


def test_day_length_limits():
    assert calc.day_length(80, 172) == 24
    assert calc.day_length(80, 355) == 0
    with pytest.raises(ValueError, match="'latitude' must be between"):
        calc.day_length(91, 1)
    with pytest.raises(ValueError, match="'day_of_year' must be between"):
        calc.day_length(10, 0)


def test_annual_daylight_is_about_half_the_year_everywhere():
    for latitude in (0, 20, 37.8, 50):
        hours = calc.annual_daylight_hours(latitude)
        assert 4380 < hours < 4500
        assert math.isfinite(hours)

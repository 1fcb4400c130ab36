"""The numeric helpers: worked values, edge cases and the messages for bad input."""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta

import pytest
from astral import Observer, sun
from astral.julian import julianday, julianday_to_juliancentury

from coursekit.model import calc


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


def _reference_day_length(latitude: float, day: date) -> float:
    """Sunrise to sunset in hours from astral (NOAA's algorithm), horizon at -0.833 degrees."""
    observer = Observer(latitude, 0.0)
    rise, set_ = (sun.time_at_elevation(observer, -0.833, day, direction, with_refraction=False)
                  for direction in (sun.SunDirection.RISING, sun.SunDirection.SETTING))
    return (set_ - rise).total_seconds() / 3600


LATITUDES = (0.0, 20.0, 37.8, 50.0, 60.0, -23.5, -33.9, -45.0, -60.0)


@pytest.mark.parametrize("latitude", LATITUDES)
def test_day_length_within_a_minute_of_noaa(latitude):
    for day_of_year in range(1, 366, 4):
        day = date(calc.SUN_YEAR, 1, 1) + timedelta(days=day_of_year - 1)
        expected = _reference_day_length(latitude, day)
        assert calc.day_length(latitude, day_of_year) == pytest.approx(expected, abs=1 / 60), day


@pytest.mark.parametrize("latitude", (0.0, 37.8, 60.0, -45.0))
@pytest.mark.parametrize("year", (2021, 2024, 2026))
def test_yearly_daylight_matches_noaa_in_any_year(latitude, year):
    days = [date(year, 1, 1) + timedelta(days=n) for n in range(365)]
    expected = sum(_reference_day_length(latitude, day) for day in days)
    assert calc.annual_daylight_hours(latitude) == pytest.approx(expected, abs=0.5)


@pytest.mark.parametrize("day_of_year", (1, 80, 172, 266, 355))
def test_declination_matches_noaa(day_of_year):
    moment = datetime(calc.SUN_YEAR, 1, 1, 12) + timedelta(days=day_of_year - 1)
    expected = sun.sun_declination(julianday_to_juliancentury(julianday(moment)))
    assert calc.solar_declination(day_of_year) == pytest.approx(expected, abs=0.01)


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


def test_a_percentage_is_rounded_to_the_nearest_ten_at_most():
    assert calc.rounding_step(100, 88.89) == 100  # a general quantity may round this coarsely
    assert calc.rounding_step(100, 88.89, largest=calc.PERCENT_STEP_LIMIT) is None
    assert calc.rounding_step(90, 88.89, largest=calc.PERCENT_STEP_LIMIT) == 10
    assert calc.rounding_step(50, 38, largest=calc.PERCENT_STEP_LIMIT) is None
    with pytest.raises(ValueError, match="largest"):
        calc.rounding_step(90, 88.89, largest=0)

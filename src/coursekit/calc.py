"""The small calculations the lessons teach, as pure functions with worked examples.

Every function checks its inputs and says what was wrong, so a learner who divides by
zero or passes a negative duration gets a sentence, not a bare ``ZeroDivisionError``.
"""

from __future__ import annotations

import math
from datetime import date

__all__ = [
    "DAYS_PER_YEAR",
    "ENERGY_UNITS",
    "HOURS_PER_YEAR",
    "annual_daylight_hours",
    "annualise",
    "cagr",
    "capacity_factor",
    "convert_energy",
    "day_length",
    "full_load_hours",
    "multiple",
    "per_unit",
    "percent_change",
    "percentage_points",
    "ratio",
    "revenue_per_kwh",
    "rounding_step",
    "share",
    "share_percent",
    "years_between",
]

#: Kilowatt hours in one unit of each energy unit.
ENERGY_UNITS = {"Wh": 1e-3, "kWh": 1.0, "MWh": 1e3, "GWh": 1e6, "TWh": 1e9}
#: Hours in a non-leap year (365 x 24), the convention for annual energy figures.
HOURS_PER_YEAR = 8760
#: Days in an average calendar year, leap years included.
DAYS_PER_YEAR = 365.25


def _nonzero(value: float, name: str) -> float:
    if value == 0:
        raise ZeroDivisionError(f"'{name}' must not be zero: it is the denominator")
    return value


def ratio(numerator: float, denominator: float) -> float:
    """How many of one thing there are for each one of another.

    >>> round(ratio(15010, 639), 2)  # students per faculty member
    23.49
    """
    return numerator / _nonzero(denominator, "denominator")


def share(part: float, whole: float) -> float:
    """The part as a fraction of the whole, between 0 and 1 when part <= whole.

    >>> round(share(360, 405), 4)
    0.8889
    """
    return part / _nonzero(whole, "whole")


def share_percent(part: float, whole: float) -> float:
    """The part as a percentage of the whole: 100 x part / whole.

    >>> round(share_percent(360, 405), 1)
    88.9
    """
    return 100 * share(part, whole)


def percentage_points(new_percent: float, old_percent: float) -> float:
    """The difference between two percentages, in percentage points (not percent).

    Going from 10 % to 15 % is +5 percentage points, but a 50 % increase.

    >>> percentage_points(15, 10)
    5
    """
    return new_percent - old_percent


def percent_change(old: float, new: float) -> float:
    """The change from old to new as a percentage of old: +200 means three times as much.

    >>> percent_change(100, 300)
    200.0
    """
    return 100 * (new - old) / _nonzero(old, "old")


def multiple(old: float, new: float) -> float:
    """How many times old the new value is: 3.0 means three times as much (+200 %).

    >>> multiple(100, 300)
    3.0
    """
    return new / _nonzero(old, "old")


def cagr(start: float, end: float, years: float) -> float:
    """Compound annual growth rate, in percent per year, from start to end over years.

    >>> round(cagr(100, 121, 2), 6)
    10.0
    """
    if years <= 0:
        raise ValueError(f"'years' must be positive (got {years})")
    if start <= 0 or end < 0:
        raise ValueError(f"'start' must be positive and 'end' not negative (got {start}, {end})")
    return 100 * ((end / start) ** (1 / years) - 1)


def per_unit(total: float, units: float) -> float:
    """A total spread evenly over units, e.g. money per person or kWh per module.

    >>> round(per_unit(1_400_000, 146))  # dividends per shareholder, in RMB
    9589
    """
    return total / _nonzero(units, "units")


def annualise(amount: float, per: str) -> float:
    """Scale an amount per day, week or month up to a year ('day', 'week', 'month').

    >>> annualise(5000, "month")
    60000
    """
    factors = {"day": 365, "week": 52, "month": 12, "year": 1}
    if per not in factors:
        raise ValueError(f"'per' must be one of {list(factors)} (got {per!r})")
    return amount * factors[per]


def convert_energy(value: float, from_unit: str, to_unit: str) -> float:
    """Convert an amount of energy between Wh, kWh, MWh, GWh and TWh.

    >>> convert_energy(40_000_000, "kWh", "GWh")
    40.0
    """
    for unit in (from_unit, to_unit):
        if unit not in ENERGY_UNITS:
            raise ValueError(f"energy unit must be one of {list(ENERGY_UNITS)} (got {unit!r})")
    return value * ENERGY_UNITS[from_unit] / ENERGY_UNITS[to_unit]


def revenue_per_kwh(money: float, energy_kwh: float) -> float:
    """Money per kilowatt hour: divide an amount of money by the energy it came from.

    >>> round(revenue_per_kwh(10_230_000, 40_000_000), 3)
    0.256
    """
    return money / _nonzero(energy_kwh, "energy_kwh")


def full_load_hours(energy_kwh: float, capacity_kw: float) -> float:
    """Hours a plant would need at full power to produce the energy it produced.

    >>> full_load_hours(40_000_000, 20_000)
    2000.0
    """
    return energy_kwh / _nonzero(capacity_kw, "capacity_kw")


def capacity_factor(energy_kwh: float, capacity_kw: float, hours: float = HOURS_PER_YEAR) -> float:
    """Energy produced as a percentage of what full power for every hour would give.

    >>> round(capacity_factor(40_000_000, 20_000), 1)
    22.8
    """
    if not math.isfinite(hours) or hours <= 0:
        raise ValueError(f"'hours' must be a positive number (got {hours})")
    return 100 * full_load_hours(energy_kwh, capacity_kw) / hours


def rounding_step(stated: float, exact: float) -> float | None:
    """The coarsest rounding step (0.01, 0.1, ..., 1000) that turns exact into stated, or None.

    1 means "rounded to a whole number", 10 "to the nearest ten". None means no such
    rounding of the exact value gives the stated one.

    >>> rounding_step(90, 88.89)
    10
    >>> rounding_step(89, 88.89)
    1
    >>> rounding_step(85, 88.89) is None
    True
    """
    steps = (1000, 500, 100, 50, 10, 5, 1, 0.5, 0.1, 0.05, 0.01)
    for step in steps:
        if math.isclose(round(exact / step) * step, stated, rel_tol=1e-9, abs_tol=1e-9):
            return step
    return None


def day_length(latitude: float, day_of_year: int, horizon: float = -0.833) -> float:
    """Hours from sunrise to sunset at a latitude (degrees north) on a day of the year (1-366).

    Uses the sun's declination from Cooper's formula and the sunrise equation; the
    default ``horizon`` of -0.833 degrees counts the sun as up while its upper edge is
    visible, bent by the air, as published sunrise and sunset times do. Accurate to a
    few minutes, which is plenty for checking a claim.

    >>> round(day_length(51.5, 172), 2)  # London at the June solstice: 16 h 38 min
    16.64
    >>> round(day_length(0, 80), 1)  # the equator: about 12 hours all year
    12.1
    """
    if not -90 <= latitude <= 90:
        raise ValueError(f"'latitude' must be between -90 and 90 degrees (got {latitude})")
    if not 1 <= day_of_year <= 366:
        raise ValueError(f"'day_of_year' must be between 1 and 366 (got {day_of_year})")
    declination = math.radians(23.44) * math.sin(2 * math.pi * (284 + day_of_year) / 365)
    phi = math.radians(latitude)
    cos_hour_angle = ((math.sin(math.radians(horizon)) - math.sin(phi) * math.sin(declination))
                      / (math.cos(phi) * math.cos(declination)))
    hour_angle = math.degrees(math.acos(min(1.0, max(-1.0, cos_hour_angle))))
    return 2 * hour_angle / 15


def annual_daylight_hours(latitude: float, days: int = 365) -> float:
    """The most hours of sunshine a place can get in a year: its day lengths added up.

    >>> round(annual_daylight_hours(37.8))
    4435
    """
    return sum(day_length(latitude, day) for day in range(1, days + 1))


def years_between(start: date, end: date) -> float:
    """The time from start to end in years of 365.25 days (dates or pandas timestamps).

    >>> years_between(date(2020, 1, 1), date(2024, 1, 1))  # 1,461 days, one a leap day
    4.0
    """
    return (end - start).days / DAYS_PER_YEAR

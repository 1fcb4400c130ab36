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
    "PERCENT_STEP_LIMIT",
    "SUN_YEAR",
    "annual_daylight_hours",
    "annualise",
    "cagr",
    "capacity_factor",
    "convert_energy",
    "day_length",
    "day_length_at_declination",
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
    "solar_declination",
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
    growth: float = (end / start) ** (1 / years)  # a real number: the base is not negative
    return 100 * (growth - 1)


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


#: The rounding steps ``rounding_step`` tries, coarsest first.
_ROUNDING_STEPS = (1000, 500, 100, 50, 10, 5, 1, 0.5, 0.1, 0.05, 0.01)
#: The coarsest step that makes sense for a percentage: a share "rounded to the nearest 50
#: percent" says next to nothing, so ``rounding_step(..., largest=PERCENT_STEP_LIMIT)``.
PERCENT_STEP_LIMIT = 10


def rounding_step(stated: float, exact: float, largest: float = 1000) -> float | None:
    """The coarsest rounding step (0.01, 0.1, ..., largest) that turns exact into stated, or None.

    1 means "rounded to a whole number", 10 "to the nearest ten". None means no such
    rounding of the exact value gives the stated one. For percentages pass
    ``largest=PERCENT_STEP_LIMIT`` (10): a coarser step would call almost any share a rounding.

    >>> rounding_step(90, 88.89)
    10
    >>> rounding_step(89, 88.89)
    1
    >>> rounding_step(85, 88.89) is None
    True
    >>> rounding_step(100, 88.89, largest=PERCENT_STEP_LIMIT) is None
    True
    """
    if not largest >= min(_ROUNDING_STEPS):
        raise ValueError(f"'largest' must be at least {min(_ROUNDING_STEPS)} (got {largest})")
    for step in _ROUNDING_STEPS:
        if step <= largest and math.isclose(round(exact / step) * step, stated,
                                            rel_tol=1e-9, abs_tol=1e-9):
            return step
    return None


#: The year whose sun positions ``day_length`` uses. Over the four-year leap cycle the
#: equinoxes fall up to about 18 hours earlier or later, which moves one day's length by up
#: to about 3 minutes at 60 degrees (near the equinoxes) and a yearly total by under 0.2
#: hours: small against anything the lessons check.
SUN_YEAR = 2023
#: Days in a Julian century, the time unit of the orbital elements.
_DAYS_PER_CENTURY = 36525.0


def solar_declination(day_of_year: float, year: int = SUN_YEAR) -> float:
    """The sun's angle north (+) or south (-) of the equator at noon UTC, in degrees.

    Follows NOAA's solar calculator (after Jean Meeus, *Astronomical Algorithms*): the sun's
    mean longitude and mean anomaly, the equation of the centre for the Earth's elliptical
    orbit, then the tilt of the Earth's axis. Good to about a hundredth of a degree.

    >>> round(solar_declination(172), 2)  # 21 June 2023: the June solstice
    23.44
    >>> round(solar_declination(79), 1)  # 20 March 2023: the March equinox, that evening
    -0.2
    """
    # Days from noon on 1 January 2000, the epoch of the orbital elements, to noon on the day.
    days = date(year, 1, 1).toordinal() - date(2000, 1, 1).toordinal() + day_of_year - 1
    centuries = days / _DAYS_PER_CENTURY
    mean_longitude = 280.46646 + 36000.76983 * centuries
    mean_anomaly = math.radians(357.52911 + 35999.05029 * centuries)
    centre = (1.914602 * math.sin(mean_anomaly) + 0.019993 * math.sin(2 * mean_anomaly)
              + 0.000289 * math.sin(3 * mean_anomaly))
    node = math.radians(125.04 - 1934.136 * centuries)  # nutation: the axis nods a little
    longitude = math.radians(mean_longitude + centre - 0.00569 - 0.00478 * math.sin(node))
    tilt = math.radians(23.439291 - 0.0130042 * centuries + 0.00256 * math.cos(node))
    return math.degrees(math.asin(math.sin(tilt) * math.sin(longitude)))


def day_length_at_declination(latitude: float, declination: float,
                              horizon: float = -0.833) -> float:
    """Hours from sunrise to sunset at a latitude while the sun stands at a declination.

    Both angles are in degrees north. The sunrise equation finds the hour angle h0 at
    which the sun's centre crosses ``horizon``: cos h0 = (sin horizon - sin latitude x sin
    declination) / (cos latitude x cos declination); the sun turns 15 degrees an hour.

    >>> day_length_at_declination(0, 0, horizon=0)  # equator, equinox, no air: half a day
    12.0
    """
    if not -90 <= latitude <= 90:
        raise ValueError(f"'latitude' must be between -90 and 90 degrees (got {latitude})")
    phi, delta = math.radians(latitude), math.radians(declination)
    cos_hour_angle = ((math.sin(math.radians(horizon)) - math.sin(phi) * math.sin(delta))
                      / (math.cos(phi) * math.cos(delta)))
    hour_angle = math.degrees(math.acos(min(1.0, max(-1.0, cos_hour_angle))))
    return 2 * hour_angle / 15


def day_length(latitude: float, day_of_year: int, horizon: float = -0.833) -> float:
    """Hours from sunrise to sunset at a latitude (degrees north) on a day of the year (1-366).

    The sun's declination comes from ``solar_declination``, which allows for the Earth's
    elliptical orbit, so for ``SUN_YEAR`` the result agrees with NOAA's solar calculator
    to within about a minute up to 60 degrees north or south. The default ``horizon`` of
    -0.833 degrees counts the sun as up while its upper edge is visible, bent by the air,
    as published sunrise and sunset times do.

    >>> round(day_length(51.5, 172), 2)  # London at the June solstice: 16 h 38 min
    16.64
    >>> round(day_length(0, 80), 1)  # the equator: about 12 hours all year
    12.1
    """
    if not 1 <= day_of_year <= 366:
        raise ValueError(f"'day_of_year' must be between 1 and 366 (got {day_of_year})")
    return day_length_at_declination(latitude, solar_declination(day_of_year), horizon)


def annual_daylight_hours(latitude: float, days: int = 365) -> float:
    """The most hours of sunshine a place can get in a year: its day lengths added up.

    >>> round(annual_daylight_hours(37.8))
    4451
    """
    return sum(day_length(latitude, day) for day in range(1, days + 1))


def years_between(start: date, end: date) -> float:
    """The time from start to end in years of 365.25 days (dates or pandas timestamps).

    >>> years_between(date(2020, 1, 1), date(2024, 1, 1))  # 1,461 days, one a leap day
    4.0
    """
    return (end - start).days / DAYS_PER_YEAR

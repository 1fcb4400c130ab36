"""Quantities derived from the article's figures that several lessons build on.

Each lesson module imports what it shares with others from here, never from another
lesson, so a lesson can change without breaking the ones after it.
"""

from __future__ import annotations

import pandas as pd

from coursekit.calc import (
    annual_daylight_hours,
    annualise,
    ratio,
    rounding_step,
    share_percent,
    years_between,
)
from coursekit.data import event_start, figure, timeline


def company_share() -> float:
    """Percent of the company's staff who are Uygur or from other ethnic minorities."""
    return share_percent(figure("company_employees_ethnic"), figure("company_employees"))


def rounding_verdict(stated: float, exact: float) -> str:
    """'consistent' if stated is exact to two decimals, 'rounded' if a rounding of it, else not."""
    step = rounding_step(stated, exact)
    if step is None:
        return "inconsistent"
    return "consistent" if step <= 0.01 else "rounded"


def income_per_year() -> float:
    """The worker's current income scaled from his usual month to a year, in RMB."""
    return annualise(figure("worker_income_monthly"), "month")


def grid_connection() -> pd.Timestamp:
    """The day the power station was connected to the grid, from the timeline."""
    return event_start("Futa photovoltaic power station", "grid")


def build_decision() -> pd.Timestamp:
    """The start of the month the delegation decided to build the station, from the timeline."""
    return event_start("Shenzhen government delegation", "decides")


def latest_dated_event() -> pd.Timestamp:
    """The start of the latest dated event in the article: the earliest it can have been written."""
    return timeline()["start"].max()


def years_of_output() -> float:
    """How many years of the stated annual generation the cumulative total amounts to."""
    return ratio(figure("station_generation_cumulative"), figure("station_generation_annual"))


def years_elapsed() -> float:
    """Years from grid connection to the latest dated event in the article."""
    return years_between(grid_connection(), latest_dated_event())


#: Latitude of Taxkorgan county, in degrees north. OUTSIDE FACT, NOT FROM THE ARTICLE:
#: the county seat is at about 37.77 N according to an atlas; the article gives no latitude.
COUNTY_LATITUDE = 37.8


#: OUTSIDE FACT, NOT FROM THE ARTICLE (a rule of thumb from climate records): the sunniest
#: weather stations on Earth measure roughly 80 to 90 percent of the daylight their latitude
#: allows. Measured sunshine above this share of the maximum is not believable.
SUNNIEST_SITES_PERCENT = 90


def max_daylight() -> float:
    """Most hours of daylight the county's latitude allows in a year (365 day lengths summed)."""
    return annual_daylight_hours(COUNTY_LATITUDE)


def sunshine_percent_of_max() -> float:
    """The article's yearly sunshine hours as a percentage of the astronomical maximum."""
    return share_percent(figure("county_sunshine_hours"), max_daylight())


def sunshine_verdict() -> str:
    """'implausible' if the stated sunshine is more of the maximum than any station measures."""
    return "implausible" if sunshine_percent_of_max() > SUNNIEST_SITES_PERCENT else "unverifiable"


def generation_verdict() -> str:
    """'consistent' if the text's own dates allow the running total, else 'unverifiable'."""
    return "consistent" if years_elapsed() >= years_of_output() else "unverifiable"

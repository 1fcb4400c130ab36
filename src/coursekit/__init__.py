"""coursekit: the helpers, exercises and grader of the Reading the Numbers course.

In a lesson notebook::

    import coursekit as ck
    ex = ck.questions("02_percentages")
    ck.figure("company_employees")       # a figure from the article, by id
    ex.q1.check(answer)                    # also ex.q1.hint(), ex.q1.solution()

Importing coursekit changes no global settings.
"""

from .calc import (
    annual_daylight_hours,
    annualise,
    cagr,
    capacity_factor,
    convert_energy,
    day_length,
    full_load_hours,
    multiple,
    per_unit,
    percent_change,
    percentage_points,
    ratio,
    revenue_per_kwh,
    rounding_step,
    share,
    share_percent,
)
from .data import figure, figures, timeline
from .questions import questions

__all__ = [
    "annual_daylight_hours",
    "annualise",
    "cagr",
    "capacity_factor",
    "convert_energy",
    "day_length",
    "figure",
    "figures",
    "full_load_hours",
    "multiple",
    "per_unit",
    "percent_change",
    "percentage_points",
    "questions",
    "ratio",
    "revenue_per_kwh",
    "rounding_step",
    "share",
    "share_percent",
    "timeline",
]
__version__ = "0.1.0"

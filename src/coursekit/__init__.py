"""coursekit: the framework of a data-literacy course: helpers, exercises, checks and grader.

In a lesson notebook::

    import coursekit as ck
    ex = ck.questions("02_percentages")
    ck.figure("company_employees")       # a figure from the article, by id
    ex.q1.check(answer)                    # also ex.q1.hint(), ex.q1.solution()

Importing coursekit changes no global settings.
"""

import importlib
from typing import Any

# Imported at once (it is light): the function shares its name with its module, and a later
# ``import coursekit.questions`` must not replace the function with the module.
from .questions import questions

#: Where each public name lives; modules are imported on first use (PEP 562), so that
#: ``import coursekit`` and ``coursekit --help`` stay fast.
_PUBLIC = {
    **dict.fromkeys(
        ("annual_daylight_hours", "annualise", "cagr", "capacity_factor", "convert_energy",
         "day_length", "full_load_hours", "multiple", "per_unit", "percent_change",
         "percentage_points", "ratio", "revenue_per_kwh", "rounding_step", "share",
         "share_percent", "years_between"), "calc"),
    **dict.fromkeys(("figure", "figures", "timeline"), "data"),
}

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
    "years_between",
]
__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    if name in _PUBLIC:
        value = getattr(importlib.import_module(f".{_PUBLIC[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'coursekit' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *_PUBLIC])

"""coursekit: the framework of a data-literacy course: helpers, exercises, checks and grader.

This module is the public API, the one a lesson notebook and a course's declarations
import; everything else in the package is internal and may move. In a lesson notebook::

    import coursekit as ck
    ex = ck.questions("02_percentages")
    ck.figure("company_employees")       # a figure from the article, by id
    ex.q1.check(answer)                    # also ex.q1.hint(), ex.q1.solution()

A course author declares lessons with the same names::

    from coursekit import Exercise, Lesson, Mistake, figure, share_percent, fraction_for_percent

The names, by what they are for:

- figures and events: ``figure``, ``figures``, ``timeline``, ``event_start``;
- calculations: ``share_percent``, ``percent_change``, ``cagr``, ``convert_energy`` ... ;
- declarations: ``Course``, ``Lesson``, ``Exercise``, ``Mistake``, ``Rule``, ``Criterion``;
  ``from_earlier`` for an answer that follows from earlier ones (credit carried forward);
- ready-made mistakes: ``fraction_for_percent``, ``complement``, ``inverted``, ``used`` ... ;
- chart and table rules: ``bars``, ``lines``, ``starts_at_zero``, ``has_columns`` ... ;
- written-answer criteria: ``states_number``, ``names_any``, ``denies``, ``avoids``,
  ``names_unit``, ``statement``, ``advisory``, ``word_limit``, ``teacher``;
- the learner's loop: ``questions``.

Each name is imported on first use (PEP 562), so that ``import coursekit`` and
``coursekit --help`` stay fast. Importing coursekit changes no global settings.
"""

import difflib
import importlib
from typing import Any

from coursekit.base.version import __version__

# Imported at once (it is light): the function shares its name with its module, and a later
# ``import coursekit.learner.questions`` must not replace the function with the module.
from coursekit.learner.questions import questions

#: Where each public name lives, by module.
_MODULES = {
    "model.calc": ("DAYS_PER_YEAR", "ENERGY_UNITS", "HOURS_PER_YEAR", "PERCENT_STEP_LIMIT",
                   "SUN_YEAR",
                   "annual_daylight_hours", "annualise", "cagr", "capacity_factor",
                   "convert_energy", "day_length", "day_length_at_declination",
                   "full_load_hours", "multiple", "per_unit", "percent_change",
                   "percentage_points", "ratio", "revenue_per_kwh", "rounding_step", "share",
                   "share_percent", "years_between"),
    "model.data": ("event_start", "figure", "figures", "timeline"),
    "model.course": ("Course",),
    "model.carried": ("from_earlier",),
    "model.exercises": ("Exercise", "Lesson", "Mistake"),
    "model.mistakes": ("change_for_multiple", "complement", "fraction_for_percent", "inverted",
                       "multiple_for_change", "new_as_percent_of_old", "percent_for_fraction",
                       "scaled", "used"),
    "model.rules": ("Rule", "after", "axis_top", "bar_values", "bars", "bars_in_view", "column",
                    "column_values", "filled_in", "has_columns", "label_mentions", "lines",
                    "lists_each_once",
                    "mentions", "panel", "panel_count", "panels", "row_count", "runs_upwards",
                    "scale", "source_note", "starts_at_zero", "values_from", "vertical_bars"),
    "running.snapshots": ("Snapshot",),
    "model.written": ("Criterion", "advisory", "avoids", "denies", "names_any", "names_unit",
                      "statement", "states_number", "teacher", "word_limit"),
}
_PUBLIC = {name: module for module, names in _MODULES.items() for name in names}

__all__ = [
    "DAYS_PER_YEAR",
    "ENERGY_UNITS",
    "HOURS_PER_YEAR",
    "PERCENT_STEP_LIMIT",
    "SUN_YEAR",
    "Course",
    "Criterion",
    "Exercise",
    "Lesson",
    "Mistake",
    "Rule",
    "Snapshot",
    "__version__",
    "advisory",
    "after",
    "annual_daylight_hours",
    "annualise",
    "avoids",
    "axis_top",
    "bar_values",
    "bars",
    "bars_in_view",
    "cagr",
    "capacity_factor",
    "change_for_multiple",
    "column",
    "column_values",
    "complement",
    "convert_energy",
    "day_length",
    "day_length_at_declination",
    "denies",
    "event_start",
    "figure",
    "figures",
    "filled_in",
    "fraction_for_percent",
    "from_earlier",
    "full_load_hours",
    "has_columns",
    "inverted",
    "label_mentions",
    "lines",
    "lists_each_once",
    "mentions",
    "multiple",
    "multiple_for_change",
    "names_any",
    "names_unit",
    "new_as_percent_of_old",
    "panel",
    "panel_count",
    "panels",
    "per_unit",
    "percent_change",
    "percent_for_fraction",
    "percentage_points",
    "questions",
    "ratio",
    "revenue_per_kwh",
    "rounding_step",
    "row_count",
    "runs_upwards",
    "scale",
    "scaled",
    "share",
    "share_percent",
    "source_note",
    "starts_at_zero",
    "statement",
    "states_number",
    "teacher",
    "timeline",
    "used",
    "values_from",
    "vertical_bars",
    "word_limit",
    "years_between",
]


def __getattr__(name: str) -> Any:
    if name in _PUBLIC:
        value = getattr(importlib.import_module(f".{_PUBLIC[name]}", __name__), name)
        globals()[name] = value
        return value
    close = difflib.get_close_matches(name, _PUBLIC, n=3, cutoff=0.6)
    hint = f"; did you mean {', '.join(map(repr, close))}?" if close else ""
    raise AttributeError(f"module 'coursekit' has no attribute {name!r}{hint}")


def __dir__() -> list[str]:
    return sorted([*globals(), *_PUBLIC])

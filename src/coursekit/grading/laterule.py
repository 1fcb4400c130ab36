"""What lateness costs: a :class:`LateRule`, validated in one place.

A rule takes ``percent`` of a late submission's score off, either once (``per="flat"``,
what ``--late-penalty N`` alone has always done) or for each day or hour it is late
(``per="day"`` or ``"hour"``), where **a started day or hour counts as a whole one**: one
minute late is one day, exactly 24 hours late is one day, 24 hours and one second is two.
The total is at most ``cap`` percent. A submission late by at most ``grace`` minutes loses
nothing; past the grace period, lateness still counts from the deadline itself.

The settings come from ``coursekit grade``'s flags (``--late-penalty``, ``--late-per``,
``--late-cap``, ``--late-grace``) over a class's config file (``late-penalty``,
``late-per``, ``late-cap``, ``late-grace``, see :mod:`coursekit.grading.config`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from coursekit.grading.settings import Rules, is_number

__all__ = ["PER", "LateRule", "problem"]

#: How often the percentage is taken off: once, or per started day or hour.
PER = ("flat", "day", "hour")
_SECONDS = {"day": 24 * 3600, "hour": 3600}


def _percent(value: Any) -> bool:
    return is_number(value) and 0 <= value <= 100


#: For each setting: whether a value is valid, and what a valid value is (for the message).
_RULES = Rules({
    "percent": (_percent, "a percentage from 0 to 100"),
    "per": (lambda v: v in PER, f"one of {list(PER)}"),
    "cap": (_percent, "a percentage from 0 to 100"),
    "grace": (lambda v: is_number(v) and v >= 0, "a number of minutes, 0 or more"),
})
#: What is wrong with a value for a setting, or None (see :meth:`Rules.problem`).
problem = _RULES.problem


def _flag(name: str) -> str:
    """A setting as the config file and the flags call it: ``late-per``, ``late-penalty``."""
    return "late-penalty" if name == "percent" else f"late-{name}"


@dataclass(frozen=True)
class LateRule:
    """A late penalty: ``percent`` off once or per started day or hour, at most ``cap``
    percent in all, nothing within ``grace`` minutes; invalid values raise ValueError."""

    percent: float
    per: str = "flat"
    cap: float = 100
    grace: float = 0

    def __post_init__(self) -> None:
        _RULES.check(self, _flag)

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any]) -> LateRule | None:
        """The rule from ``late_penalty``, ``late_per``, ``late_cap`` and ``late_grace``
        (None: not given), or None when no penalty is asked for (``late_penalty`` 0)."""
        given = {name: settings.get(f"late_{name}") for name in ("per", "cap", "grace")}
        if settings.get("late_penalty") is None:
            named = [f"'late-{name}'" for name, value in given.items() if value is not None]
            if named:
                raise ValueError(f"{', '.join(named)} needs 'late-penalty', the percentage")
            return None
        if not settings["late_penalty"]:
            return None
        return cls(settings["late_penalty"],
                   **{name: value for name, value in given.items() if value is not None})

    def percent_off(self, late_by: timedelta | None) -> float:
        """The percentage of the score taken off a submission ``late_by`` after its deadline
        (None: late, by an unknown time, as Canvas marks it: one day or hour is counted)."""
        if late_by is not None and late_by <= timedelta(minutes=self.grace):
            return 0.0
        units = 1
        if self.per != "flat" and late_by is not None:
            units = math.ceil(late_by.total_seconds() / _SECONDS[self.per])
        return float(min(self.cap, self.percent * units))

    def flags(self) -> list[str]:
        """The command-line flags that give this rule (``--late-penalty 10 --late-per day``)."""
        return ["--late-penalty", f"{self.percent:g}", "--late-per", self.per,
                "--late-cap", f"{self.cap:g}", "--late-grace", f"{self.grace:g}"]

    def describe(self) -> str:
        """The rule for people: '10% off per started day late, at most 50%, none within 15 min'."""
        text = f"{self.percent:g}% off" + ("" if self.per == "flat" else
                                             f" per started {self.per} late")
        if self.per != "flat" and self.cap < 100:
            text += f", at most {self.cap:g}%"
        if self.grace:
            text += f", nothing within {self.grace:g} min of the deadline"
        return text

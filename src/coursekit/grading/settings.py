"""Settings checked against rules, the same way for every group of them.

A group of settings (a grading run's options, a late rule) is a frozen dataclass whose
fields each have a :data:`Rule`: whether a value is valid, and what a valid value is, for
the message. :class:`Rules` says what is wrong with one value (for a command's flag or a
config file's key, before the dataclass is built) and checks every field of a built one.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import fields
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

__all__ = ["Rule", "Rules", "is_number", "is_whole"]

#: Whether a value is valid, and what a valid value is ("a whole number, at least 1").
Rule = tuple[Callable[[Any], bool], str]


def is_number(value: Any) -> bool:
    """Whether ``value`` is an int or a float (a bool is neither here)."""
    return isinstance(value, int | float) and not isinstance(value, bool)


def is_whole(value: Any) -> bool:
    """Whether ``value`` is an int (a bool is not one here)."""
    return isinstance(value, int) and not isinstance(value, bool)


class Rules:
    """The rules of one group of settings, by the settings' names."""

    def __init__(self, rules: Mapping[str, Rule]) -> None:
        self._rules = dict(rules)

    def problem(self, name: str, value: Any) -> str | None:
        """What is wrong with ``value`` for the setting ``name`` ("must be ... (got ...)"),
        or None."""
        valid, expected = self._rules[name]
        return None if valid(value) else f"must be {expected} (got {value!r})"

    def check(self, settings: DataclassInstance,
              label: Callable[[str], str] = lambda name: name) -> None:
        """Raise ValueError naming the first field of ``settings`` whose value is invalid,
        as ``label`` calls the setting: "'jobs' must be ... (got 0)"."""
        for setting in fields(settings):
            wrong = self.problem(setting.name, getattr(settings, setting.name))
            if wrong:
                raise ValueError(f"'{label(setting.name)}' {wrong}")

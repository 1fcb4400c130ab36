"""Written answers: a learner explains a number in words, judged by a rubric.

A ``written`` exercise's answer is a Markdown cell of the notebook, marked as that
exercise's answer cell in its metadata (``{"coursekit": {"answer": NAME}}``). Its
rubric is a list of :class:`Criterion`: each one worth some points and either checked
by machine (a number stated within a tolerance of a value computed from the data, a
word that must appear, a phrase that must not, a word limit) or left to the teacher,
with a scoring guide. This module declares rubrics; :mod:`coursekit.judging.written`
scores them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

__all__ = [
    "MAX_WRITTEN",
    "PLACEHOLDER",
    "Criterion",
    "avoids",
    "contains",
    "is_placeholder",
    "names_any",
    "states_number",
    "teacher",
    "word_limit",
]

#: What the learner's copy of an answer cell holds until the learner writes.
PLACEHOLDER = "_Write your answer here._"
#: The longest written answer that is graded; the rest is cut off.
MAX_WRITTEN = 5000
_NUMBER = re.compile(r"(?<![\w.])-?\d[\d,]*(?:\.\d+)?")


@dataclass(frozen=True)
class Criterion:
    """One line of a rubric: what it asks, its points, and a machine check or a teacher's guide.

    ``check`` takes the answer's text and returns None when the criterion is met, else
    what is missing. Without ``check`` the teacher scores the criterion, using ``guide``.
    A ``penalty`` criterion (a phrase to avoid, a word limit) earns nothing when met, so
    that an empty or off-topic answer gains no points from it; when it is not met its
    points are taken off the machine's total.
    """

    description: str
    points: float
    check: Callable[[str], str | None] | None = None
    guide: str = ""
    penalty: bool = False

    @property
    def by_teacher(self) -> bool:
        """Whether a teacher, not the machine, scores this criterion."""
        return self.check is None


def is_placeholder(text: str) -> bool:
    """Whether an answer cell still holds nothing but the placeholder (or nothing at all)."""
    return text.strip() in ("", PLACEHOLDER)


def contains(text: str, phrase: str) -> bool:
    """Whether the phrase is in the text as whole words, case ignored ('lie' not in 'earlier')."""
    start = r"(?<!\w)" if phrase[:1].isalnum() else ""
    end = r"(?!\w)" if phrase[-1:].isalnum() else ""
    return re.search(start + re.escape(phrase) + end, text, re.IGNORECASE) is not None


def numbers_in(text: str) -> list[float]:
    """The numbers written in a text, with thousands separators read: '4,434.7 h' -> 4434.7."""
    return [float(n.replace(",", "")) for n in _NUMBER.findall(text)]


def states_number(value: Callable[[], float], tolerance: float, what: str,
                  points: float = 1) -> Criterion:
    """The answer states a number within ``tolerance`` of ``value()`` (computed from the data)."""
    def check(text: str) -> str | None:
        wanted = value()
        if any(abs(n - wanted) <= tolerance for n in numbers_in(text)):
            return None
        return f"Give {what} as a number (about {wanted:,.{_decimals(tolerance)}f})."
    return Criterion(f"states {what}", points, check)


def _decimals(tolerance: float) -> int:
    return 0 if tolerance >= 0.5 else 1 if tolerance >= 0.05 else 2


def names_any(words: Sequence[str] | Callable[[], Sequence[str]], what: str,
              points: float = 1) -> Criterion:
    """The answer contains one of the words or phrases (case-insensitive), e.g. the unit.

    ``words`` may be a function, for words computed from the data (a verdict): it is
    called when an answer is checked, never when the lesson is declared.
    """
    def check(text: str) -> str | None:
        wanted = words() if callable(words) else words
        if any(contains(text, word) for word in wanted):
            return None
        return f"Say {what} (for example {', '.join(repr(w) for w in wanted[:3])})."
    return Criterion(f"names {what}", points, check)


def avoids(phrases: Sequence[str], why: str, points: float = 0.5) -> Criterion:
    """A penalty if the answer uses one of the phrases; ``why`` says what is wrong with them."""
    def check(text: str) -> str | None:
        used = [p for p in phrases if contains(text, p)]
        return None if not used else f"Avoid {used[0]!r}: {why}"
    return Criterion(f"avoids {', '.join(repr(p) for p in phrases)}", points, check,
                     penalty=True)


def word_limit(limit: int, points: float = 0.5) -> Criterion:
    """A penalty if the answer has more than ``limit`` words."""
    def check(text: str) -> str | None:
        count = len(text.split())
        return None if count <= limit else (
            f"Keep it to {limit} words: this answer has {count}. Say less, more precisely.")
    return Criterion(f"at most {limit} words", points, check, penalty=True)


def teacher(description: str, points: float, guide: str) -> Criterion:
    """A criterion only a teacher can score; ``guide`` says how to score it."""
    return Criterion(description, points, guide=guide)

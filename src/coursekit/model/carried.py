"""Answers that follow from earlier ones: error carried forward, declared with the answer.

An exercise whose expected answer is computed from earlier exercises' answers declares it
with :func:`from_earlier`: the derivation, once, and which earlier exercise each of its
arguments is. The expected answer is that derivation applied to the earlier expected
answers; a learner's answer that a slip in an earlier exercise put off is judged again on
the same derivation applied to the learner's own earlier answers (see
:mod:`coursekit.judging.carried`), and earns the declared share of the points.

Each chain is checked when a course's lessons are loaded (:func:`check_chains`): the earlier
exercises exist, come first, and compute their answers with the very functions named here,
so the derivation is never typed twice.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from coursekit.model.exercises import Exercise

__all__ = ["FromEarlier", "check_chains", "from_earlier"]


@dataclass(frozen=True)
class FromEarlier:
    """An expected answer derived from earlier exercises' answers, with the credit an answer
    right from the learner's own earlier answers earns."""

    #: The derivation: called with one earlier answer per entry of ``earlier``, in order.
    derive: Callable[..., Any]
    #: Each earlier exercise's id and the function that gives its expected answer.
    earlier: tuple[tuple[str, Callable[[], Any]], ...]
    #: The share of the exercise's points such an answer earns: 1 is full credit.
    credit: float = 1.0

    def __post_init__(self) -> None:
        if not self.earlier:
            raise ValueError("from_earlier needs at least one earlier exercise")
        if not 0 < self.credit <= 1:
            raise ValueError(f"from_earlier: 'credit' is a share of the points, above 0 and at "
                             f"most 1 (got {self.credit!r})")

    @property
    def ids(self) -> tuple[str, ...]:
        """The earlier exercises' ids, in the derivation's order."""
        return tuple(id for id, _ in self.earlier)

    def __call__(self) -> Any:
        """The expected answer: the derivation of the earlier expected answers."""
        return self.derive(*(expected() for _, expected in self.earlier))

    def given(self, answers: Mapping[str, Any]) -> Any:
        """The answer that follows from these earlier answers (by exercise id); an earlier
        exercise not in ``answers`` takes its expected answer."""
        return self.derive(*(answers[id] if id in answers else expected()
                             for id, expected in self.earlier))


def from_earlier(derive: Callable[..., Any], credit: float = 1.0,
                 **earlier: Callable[[], Any]) -> FromEarlier:
    """Declare an expected answer that follows from earlier exercises' answers.

    Each keyword names an earlier exercise of the lesson and the function its expected answer
    is; ``derive`` takes their answers in that order. ``credit`` is the share of the points
    an answer right from the learner's own earlier answers earns (1: all of them)::

        expected=from_earlier(lambda q1: percentage_points(figure("stated"), q1),
                              q1=company_share)
    """
    return FromEarlier(derive, tuple(earlier.items()), credit)


def check_chains(lesson_id: str, exercises: Sequence[Exercise]) -> None:
    """Fail, naming the exercise, on a chain that names an exercise that is not earlier in
    the lesson, or a function other than the one that exercise's answer is computed by."""
    before: dict[str, Exercise] = {}
    for exercise in exercises:
        if isinstance(exercise.expected, FromEarlier):
            for id, expected in exercise.expected.earlier:
                source = before.get(id)
                where = f"lesson {lesson_id}, {exercise.id}: its answer follows from {id}"
                if source is None:
                    raise ValueError(f"{where}, which is not an earlier exercise of the lesson")
                if source.expected is not expected:
                    raise ValueError(f"{where}, but names {_name(expected)} for its answer, "
                                     f"where {id} declares {_name(source.expected)}")
        before[exercise.id] = exercise


def _name(function: object) -> str:
    """A function's name as a reader knows it: 'company_share', 'a lambda'."""
    name = getattr(function, "__name__", None)
    return "a lambda" if name == "<lambda>" else name or type(function).__name__

"""Exercises declared as data: what the learner assigns, the expected answer, hints, mistakes.

Each lesson module of a course (see :mod:`coursekit.model.course`) declares one
:class:`Lesson`. Expected answers are functions, so they are computed from the
course's data when a check runs and are never typed twice. A lesson module computes
nothing from the data when it is imported.

A lesson id belongs to one installed course: :func:`lessons` gives each lesson (and each of
its exercises) the id of the course that declares it, so that checking an answer reads that
course's figures whichever course is active.
"""

from __future__ import annotations

import difflib
import functools
import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from coursekit.base.errors import UsageError
from coursekit.model.carried import check_chains
from coursekit.model.course import Course, CourseError, courses
from coursekit.model.rules import Rule
from coursekit.model.written import Criterion

__all__ = ["KINDS", "Exercise", "Lesson", "Mistake", "UnknownLessonError", "get_lesson",
           "lessons", "register_kind"]

#: The kinds of exercise that can be declared: one judge each is registered in
#: :mod:`coursekit.judging`, which adds a new kind here with :func:`register_kind`.
KINDS = ["number", "choice", "chart", "table", "written"]
#: The kinds judged by rules instead of an expected answer.
RULE_KINDS = ("chart", "table")


def register_kind(kind: str) -> None:
    """Allow exercises of ``kind`` to be declared (called when its judge is registered)."""
    if kind not in KINDS:
        KINDS.append(kind)


@dataclass(frozen=True)
class Mistake:
    """A known wrong answer and the reasoning slip it reveals.

    ``wrong`` turns the expected answer into the wrong one (for a number, e.g.
    ``lambda e: e / 100`` for a fraction given where a percentage is asked), or is the
    wrong word itself for a choice.
    """

    wrong: Callable[[Any], Any] | str
    message: str
    #: Partial points for an answer that is this mistake, where the reasoning was mostly
    #: right; None (the default) gives none.
    points: float | None = None
    #: The slip in a few words ('a fraction, not a percentage'), for the feedback on a later
    #: answer that follows from this wrong one (see :mod:`coursekit.model.carried`); empty:
    #: the message's first sentence is quoted instead.
    name: str = ""

    def wrong_answer(self, expected: Any) -> Any:
        """The wrong answer this mistake produces for a given expected answer."""
        return self.wrong if isinstance(self.wrong, str) else self.wrong(expected)


@dataclass(frozen=True)
class Exercise:
    """One graded question: the variable the learner assigns and how to judge it.

    ``tolerance`` is absolute, in the unit of the answer: an answer is correct when it
    is within ``tolerance`` of the expected value. Numbers and choices have an
    ``expected`` answer and ``mistakes``; charts and tables have ``rules`` instead.
    """

    id: str
    title: str
    answer: str
    solution: str
    hints: tuple[str, ...]
    expected: Callable[[], Any] | None = None
    kind: str = "number"
    #: Fractions are allowed, except on GitHub Classroom, whose command grader reads a step's
    #: points as a whole number (``coursekit classroom`` refuses a lesson with fractions).
    points: float = 1
    tolerance: float = 0.0
    unit: str = ""
    choices: tuple[str, ...] = ()
    mistakes: tuple[Mistake, ...] = ()
    rules: tuple[Rule, ...] = ()
    #: Rule-judged kinds only: each rule met earns its share of the points.
    partial_credit: bool = False
    #: Written answers only: the rubric, whose points add up to the exercise's.
    rubric: tuple[Criterion, ...] = ()
    #: The id of the course that declares it, set when its lesson is loaded (see
    #: :func:`lessons`); its answer is judged on that course's figures.
    course: str = ""
    #: True in the key-free view of a course (:meth:`public`): the expected answer, worked
    #: solution, mistakes, rules and rubric are left out, so it cannot be judged.
    withheld: bool = False

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"{self.id}: 'kind' must be one of {list(KINDS)} "
                             f"(got {self.kind!r})")
        if not self.answer.isidentifier():
            raise ValueError(f"{self.id}: 'answer' must be a variable name (got {self.answer!r})")
        if not self.hints:
            raise ValueError(f"{self.id}: an exercise needs at least one hint")
        if self.points <= 0 or self.tolerance < 0:
            raise ValueError(f"{self.id}: 'points' must be positive and 'tolerance' not negative")
        if self.withheld:
            if self.expected or self.solution or self.mistakes or self.rules or self.rubric:
                raise ValueError(f"{self.id}: a withheld exercise carries no part of the key")
            return
        for field_name, kind, what in (("rules", Rule, "a rule such as ck.starts_at_zero('y') "
                                        "or ck.Rule(description, check)"),
                                       ("rubric", Criterion, "a criterion such as "
                                        "ck.word_limit(60) or ck.teacher(...)"),
                                       ("mistakes", Mistake, "ck.Mistake(wrong, message) or a "
                                        "ready-made one such as ck.complement()")):
            for index, item in enumerate(getattr(self, field_name)):
                if not isinstance(item, kind):
                    raise TypeError(f"{self.id}: {field_name}[{index}] is {item!r}, not a "
                                    f"{kind.__name__}: give {what} (called, with its "
                                    "arguments)")
        judged_by_rules, written = self.kind in RULE_KINDS, self.kind == "written"
        wanted = "rules" if judged_by_rules else "rubric" if written else "expected"
        given = [name for name, value in (("rules", self.rules), ("rubric", self.rubric),
                                          ("expected", self.expected)) if value]
        if given != [wanted]:
            raise ValueError(f"{self.id}: a {self.kind} exercise needs '{wanted}' and none of "
                             f"the others (got {given})")
        if written and abs(sum(c.points for c in self.rubric if not c.penalty)
                           - self.points) > 1e-9:
            raise ValueError(f"{self.id}: the rubric's points must add up to the exercise's "
                             f"{self.points:g}")
        if self.kind == "choice" and not self.choices:
            raise ValueError(f"{self.id}: a choice exercise needs 'choices'")
        if self.partial_credit and not judged_by_rules:
            raise ValueError(f"{self.id}: 'partial_credit' is for exercises judged by rules")

    def public(self) -> Exercise:
        """This exercise without its key: what a learner's process may hold (see
        :mod:`coursekit.model.public`)."""
        return replace(self, expected=None, solution="", mistakes=(), rules=(), rubric=(),
                       partial_credit=False, withheld=True)


@dataclass(frozen=True)
class Lesson:
    """A lesson's id (``02_percentages``), title and exercises, in the order they appear."""

    id: str
    title: str
    exercises: tuple[Exercise, ...] = field(default_factory=tuple)
    #: The id of the course that declares it, set when it is loaded (see :func:`lessons`).
    course: str = ""
    #: What the lesson's notebook imports from its course's own modules, as dotted names
    #: (``"reading_numbers.derived.COUNTY_LATITUDE"``): the key-free view of the course keeps
    #: these, and what they need, for this lesson (see :mod:`coursekit.model.public`).
    handouts: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        ids = [exercise.id for exercise in self.exercises]
        repeated = sorted({i for i in ids if ids.count(i) > 1})
        if repeated:
            raise ValueError(f"lesson {self.id}: exercise ids must be unique "
                             f"(repeated: {repeated})")

    @property
    def max_score(self) -> float:
        """The points a learner gets for answering every exercise correctly."""
        return sum(exercise.points for exercise in self.exercises)

    @property
    def answer_names(self) -> dict[str, str]:
        """Each exercise's answer name, by exercise id (a cell tag may name either)."""
        return {exercise.id: exercise.answer for exercise in self.exercises}

    def exercise(self, id: str) -> Exercise:
        """Return one exercise by id."""
        for exercise in self.exercises:
            if exercise.id == id:
                return exercise
        raise KeyError(f"lesson {self.id} has no exercise {id!r}")

    @property
    def withheld(self) -> bool:
        """Whether this is a key-free view, whose exercises cannot be judged."""
        return any(exercise.withheld for exercise in self.exercises)

    def public(self) -> Lesson:
        """This lesson without its key: each exercise's :meth:`Exercise.public`."""
        return replace(self, exercises=tuple(e.public() for e in self.exercises))

    def of_course(self, course: str) -> Lesson:
        """This lesson as declared by ``course``: it and each of its exercises carry its id."""
        return replace(self, course=course,
                       exercises=tuple(replace(e, course=course) for e in self.exercises))


class UnknownLessonError(UsageError, KeyError):
    """No lesson has the id that was asked for."""

    def __str__(self) -> str:
        return str(self.args[0])


def _declared(course: Course) -> dict[str, Lesson]:
    """The lessons one course declares, by id: one per module of its lessons package."""
    package = importlib.import_module(course.lessons_package)
    found: dict[str, Lesson] = {}
    where: dict[str, str] = {}
    for info in pkgutil.iter_modules(package.__path__):
        name = f"{package.__name__}.{info.name}"
        try:
            module = importlib.import_module(name)
        except Exception as error:  # a fault in the course: say where, not a traceback
            raise CourseError(f"course {course.id!r}: lesson module {name} cannot be "
                              f"loaded: {type(error).__name__}: {error}") from error
        lesson = getattr(module, "LESSON", None)
        if not isinstance(lesson, Lesson):
            raise CourseError(f"course {course.id!r}: lesson module {name} declares no "
                              "LESSON = Lesson(...)")
        if lesson.id in found:
            raise CourseError(f"course {course.id!r}: lesson id {lesson.id!r} is declared "
                              f"twice ({where[lesson.id]} and {name})")
        try:
            check_chains(lesson.id, lesson.exercises)
        except ValueError as error:
            raise CourseError(f"course {course.id!r}, {name}: {error}") from None
        found[lesson.id], where[lesson.id] = lesson.of_course(course.id), name
    return found


@functools.cache
def lessons() -> dict[str, Lesson]:
    """Every lesson of every installed course, by id, in id order.

    A lesson id belongs to one course: two courses declaring the same id is an error that
    names both.
    """
    found: dict[str, Lesson] = {}
    for course in courses().values():
        for id, lesson in _declared(course).items():
            if id in found:
                raise CourseError(f"lesson id {id!r} is declared by two installed courses, "
                                  f"{found[id].course!r} and {course.id!r}: lesson ids must "
                                  "be unique across the installed courses; change LESSON.id "
                                  f"in one of them (in course {course.id!r}, say "
                                  f"'{course.id}_{id}'), rename its solution notebook to "
                                  "match, and release again")
            found[id] = lesson
    return dict(sorted(found.items()))


def get_lesson(id: str) -> Lesson:
    """Return the lesson with this id, or fail naming the closest ids."""
    known = lessons()
    if id in known:
        return known[id]
    close = difflib.get_close_matches(str(id), list(known), n=3, cutoff=0.4)
    suggestion = f"; did you mean {', '.join(map(repr, close))}?" if close else ""
    raise UnknownLessonError(f"no lesson {id!r} (known: {', '.join(known)}){suggestion}")

"""What a learner holds in a notebook: one object per exercise with check, hint and solution.

``ck.questions(lesson_id)`` also makes the lesson's course the active one, so that
``ck.figure(...)`` in the notebook reads that course's figures.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coursekit.judging.carried import carried
from coursekit.judging.checking import Result, check_answer, check_snapshot
from coursekit.judging.display import Message
from coursekit.learner.assessment import Assessment, assessment_for
from coursekit.model.carried import FromEarlier
from coursekit.model.course import activate, using
from coursekit.model.exercises import Exercise, get_lesson
from coursekit.running.readout import snapshot

if TYPE_CHECKING:
    from coursekit.learner.progress import Progress
    from coursekit.learner.selfgrade import SelfGrade

__all__ = ["LessonQuestions", "Question", "questions"]


class Question:
    """One exercise in a notebook: ``check(answer)``, ``hint()`` and ``solution()``.

    In a key-free install (and while a notebook is graded: :mod:`coursekit.model.public`) the
    exercise carries no key: ``check`` says only whether the answer is there and of the
    right kind, and ``solution`` has none to show.

    None of these raise on a wrong or missing answer: they return a message that
    JupyterLab shows in colour and a terminal shows as plain text.
    """

    def __init__(self, exercise: Exercise, lesson_id: str = "",
                 assessment: Assessment | None = None) -> None:
        self.exercise = exercise
        self.lesson_id = lesson_id
        self._hints_shown = 0
        self._assessment = assessment

    def __repr__(self) -> str:
        e = self.exercise
        how = ("write in its answer cell, save, then call .check()" if e.kind == "written"
               else f"assign '{e.answer}', then call .check({e.answer})")
        return f"<{e.id}: {e.title} ({e.points:g} point{'s' if e.points != 1 else ''}); {how}>"

    def check(self, answer: Any = None) -> Result:
        """Judge your answer and say what is right or what went wrong.

        A written answer is read from the saved notebook, so call ``.check()`` without
        an argument after saving. The answer is judged on the figures of the exercise's
        course, whichever course is active.
        """
        with using(self.exercise.course):
            if self.exercise.kind == "written" and answer is None:
                from coursekit.learner.progress import notebook_namespace
                from coursekit.learner.saved import check_saved

                return check_saved(self.exercise, self.lesson_id, notebook_namespace())
            if self.exercise.withheld:  # a key-free install: the form only, whatever the rules
                return replace(self._assessment or Assessment(), feedback="form"
                               ).check(self.exercise, answer)
            if self._assessment and self._assessment.feedback != "full":  # it may say less
                return self._assessment.check(self.exercise, answer)
            return self._carried(check_answer(self.exercise, answer), answer)

    def _carried(self, result: Result, answer: Any) -> Result:
        """The result with credit carried forward from the learner's own earlier answers,
        read from the notebook's variables as ``ex.progress()`` reads them."""
        follows = self.exercise.expected
        if not isinstance(follows, FromEarlier) or not self.lesson_id:
            return result
        from coursekit.learner.progress import notebook_namespace

        values, lesson = notebook_namespace(), get_lesson(self.lesson_id)
        earlier = []
        for exercise in map(lesson.exercise, follows.ids):
            snap = snapshot(values[exercise.answer]) if exercise.answer in values else None
            if snap is None:
                return result
            earlier.append((check_snapshot(exercise, snap), snap))
        return carried(result, snapshot(answer), earlier)

    def hint(self, number: int | None = None) -> Message:
        """Show the next hint (or hint ``number``); hints get more specific as you go."""
        hints = self.exercise.hints
        if number is None:
            self._hints_shown = min(self._hints_shown + 1, len(hints))
            number = self._hints_shown
        if not 1 <= number <= len(hints):
            return Message("error", f"{self.exercise.id}: no hint {number}",
                           f"This exercise has hints 1 to {len(hints)}.")
        more = " Call .hint() again for more." if number < len(hints) else ""
        return Message("hint", f"{self.exercise.id}: hint {number} of {len(hints)}",
                       hints[number - 1] + more)

    def solution(self) -> Message:
        """Show a worked solution. Try the hints first: working it out is the lesson."""
        if self.exercise.withheld:
            return Message("hint", f"{self.exercise.id}: no worked solution here",
                           "This install of the course is key-free: its worked solutions and "
                           "answers stay with your teacher. Use .hint() and your own working.")
        if self._assessment and self._assessment.solution_locked():
            return self._assessment.locked_solution(self.exercise)
        return Message("solution", f"{self.exercise.id}: worked solution", self.exercise.solution)


class LessonQuestions:
    """A lesson's questions as attributes: ``ex.q1.check(answer)``."""

    def __init__(self, lesson_id: str) -> None:
        self.lesson = get_lesson(lesson_id)
        activate(self.lesson.course)
        self._assessment = assessment = assessment_for(lesson_id)
        self._questions = {e.id: Question(e, lesson_id, assessment)
                           for e in self.lesson.exercises}

    def __getattr__(self, name: str) -> Question:
        # not yet set while __init__ runs (or when unpickling): no questions then
        questions: dict[str, Question] = self.__dict__.get("_questions", {})
        if name in questions:
            return questions[name]
        raise AttributeError(f"lesson {self.lesson.id} has no exercise {name!r} "
                             f"(it has {', '.join(questions)})")

    def __dir__(self) -> list[str]:
        return [*super().__dir__(), *self._questions]

    def progress(self) -> Progress | Message:
        """Where you stand: every exercise judged from this notebook's current variables."""
        from coursekit.learner.progress import progress

        withheld = self._withheld("progress")
        return withheld or progress(self.lesson)

    def grade(self, path: str | Path | None = None) -> SelfGrade | Message:
        """Grade this notebook's saved file (or ``path``) exactly as a teacher would."""
        from coursekit.learner.selfgrade import grade

        withheld = self._withheld("a grade")
        return withheld or grade(self.lesson, path)

    def _withheld(self, what: str) -> Message | None:
        """What a whole-lesson view shows instead, in an assessment or a key-free install."""
        rules = self._assessment
        if self.lesson.withheld:
            rules = replace(rules or Assessment(), feedback="form")
        return rules.withheld(self.lesson.id, what) if rules else None

    def __repr__(self) -> str:
        lines = [f"{self.lesson.title} ({self.lesson.max_score:g} points):"]
        lines += [f"  {q!r}" for q in self._questions.values()]
        return "\n".join(lines)


def questions(lesson_id: str) -> LessonQuestions:
    """Load a lesson's exercises for a notebook, e.g. ``ex = questions("02_percentages")``.

    The lesson's course becomes the active one: ``ck.figure(...)`` reads its figures.
    """
    return LessonQuestions(lesson_id)

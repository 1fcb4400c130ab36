"""The author's checks of a course: what ``coursekit check`` runs, and a course's tests call.

Each check reads one part of a course and reports :class:`Problem` s, one line each, that
name the lesson, exercise, file or cell and say what to change:

- the data follow the schema and the course's vocabularies;
- every lesson module declares a ``LESSON``, and no lesson id is another course's;
- every expected answer passes its own check, every declared mistake is diagnosed as
  itself (not as another, not as right), a far-off answer fails, ``...`` is unanswered;
- every lesson has a solution notebook that says which lesson it is and sets up ``ex``;
  its solution blocks parse, and the learner's copy still assigns every answer the checks
  read; every written answer has a marked answer cell, and its rubric can score the model
  answer;
- every rounding of an answer that the lesson's text, hints or solution quote is accepted;
- graded, each solution notebook gets every point the machine gives.

:func:`assert_course` is the same as a one-line pytest test::

    def test_the_course_passes_its_authoring_checks():
        assert_course("city_budget", Path(__file__).parents[1] / "solutions")
"""

from __future__ import annotations

import difflib
import math
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from nbformat import NotebookNode

from coursekit.authoring.release import ReleaseError, bound_names, release_notebook
from coursekit.base.errors import UsageError
from coursekit.judging.checking import check_answer
from coursekit.judging.status import Status
from coursekit.model.answercells import ANSWER_TAG, marked_answer
from coursekit.model.course import Course, CourseError, find_course, using
from coursekit.model.data import DataError, figures, timeline
from coursekit.model.exercises import Exercise, Lesson, lessons
from coursekit.running.notebooks import NotebookError, read

__all__ = ["Problem", "assert_course", "check_course", "courses_of"]

#: The kinds judged against one expected answer.
_VALUED = ("number", "choice")
#: A decimal written in text, such as 88.9 (not part of a word, a date or a longer number).
_DECIMAL = re.compile(r"(?<![\w.,])\d+\.\d+(?![\w.])")


@dataclass(frozen=True)
class Problem:
    """One thing to fix: where it is, and what is wrong and what to do."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


def _data(course: Course) -> Iterator[Problem]:
    """The course's tables load: columns, numbers, dates, qualifiers, sections and units."""
    with using(course):
        for table in (figures, timeline):
            try:
                table()
            except (DataError, CourseError) as error:
                yield Problem(f"{course.id} data", f"{error} (fix the file, see the data "
                              "README for the columns and allowed values)")


def _lessons(course: Course) -> tuple[list[Lesson], list[Problem]]:
    """The course's lessons, or the problem that stops them from loading."""
    try:
        found = lessons()
    except CourseError as error:
        return [], [Problem(f"{course.id} lessons", str(error) + _facade_hint(error))]
    return [lesson for lesson in found.values() if lesson.course == course.id], []


def _facade_hint(error: CourseError) -> str:
    """For a name a lesson imports from coursekit that does not exist, the names it may mean."""
    cause = error.__cause__
    unknown = re.search(r"cannot import name '(\w+)' from 'coursekit'", str(cause))
    if not isinstance(cause, ImportError) or not unknown:
        return ""
    public = getattr(sys.modules["coursekit"], "__all__", [])  # the facade, imported by now
    close = difflib.get_close_matches(unknown[1], public, n=3, cutoff=0.6)
    return (f"; did you mean {', '.join(map(repr, close))}?" if close
            else "; coursekit's names are listed in help(coursekit)")


def _valued(lesson: Lesson, exercise: Exercise) -> Iterator[Problem]:
    """A number or choice: its expected answer passes, mistakes are themselves, far off fails."""
    where = f"lesson {lesson.id} {exercise.id}"
    try:
        expected = exercise.expected() if exercise.expected else None
    except Exception as error:
        yield Problem(where, f"expected() raises {type(error).__name__}: {error}; it must "
                      "compute the answer from the course's figures")
        return
    if exercise.kind == "number" and not (isinstance(expected, int | float)
                                          and math.isfinite(expected)):
        yield Problem(where, f"expected() gives {expected!r}, not a finite number")
        return
    if exercise.kind == "choice" and expected not in exercise.choices:
        yield Problem(where, f"expected() gives {expected!r}, which is not one of its choices "
                      f"{list(exercise.choices)}: add it to 'choices' or fix expected()")
        return
    own = check_answer(exercise, expected)
    if own.status is not Status.CORRECT:
        yield Problem(where, f"its own expected answer {expected!r} is judged {own.status}: "
                      f"{own.feedback.splitlines()[0] if own.feedback else ''}")
    for mistake in exercise.mistakes:
        try:
            wrong = mistake.wrong_answer(expected)
        except Exception as error:
            yield Problem(where, f"mistake {mistake.message[:40]!r}: its 'wrong' raises "
                          f"{type(error).__name__}: {error}")
            continue
        result = check_answer(exercise, wrong)
        if result.status is Status.CORRECT:
            yield Problem(where, f"mistake {mistake.message[:40]!r} gives {wrong!r}, which the "
                          "check accepts as right (within the tolerance): drop the mistake or "
                          "narrow the tolerance")
        elif mistake.message not in result.feedback:
            yield Problem(where, f"mistake {mistake.message[:40]!r} gives {wrong!r}, which is "
                          f"diagnosed as {result.feedback.splitlines()[0][:60]!r} instead: two "
                          "mistakes give the same answer; drop one or make them differ")
    far = (expected * 7 + 13 if isinstance(expected, int | float)
           else "an answer no one would give")
    if check_answer(exercise, far).status is not Status.INCORRECT:
        yield Problem(where, f"a far-off answer ({far!r}) is not judged incorrect: check the "
                      "tolerance and the mistakes' partial points")


def _declarations(lesson: Lesson) -> Iterator[Problem]:
    """Every exercise of a lesson judges its own answers as its declaration says."""
    for exercise in lesson.exercises:
        if exercise.kind in _VALUED:
            yield from _valued(lesson, exercise)
        if check_answer(exercise, ...).status is not Status.UNANSWERED:
            yield Problem(f"lesson {lesson.id} {exercise.id}", "'...' (the learner's "
                          "placeholder) is not judged unanswered")


def _quoted_roundings(lesson: Lesson, text: str) -> Iterator[Problem]:
    """Each decimal the lesson quotes that rounds a number answer passes that answer's check."""
    for exercise in lesson.exercises:
        if exercise.kind != "number" or exercise.expected is None:
            continue
        try:
            expected = float(exercise.expected())
        except Exception:  # reported by _valued
            continue
        said = " ".join((text, exercise.solution, *exercise.hints))
        for literal in sorted(set(_DECIMAL.findall(said))):
            decimals = len(literal.split(".")[1])
            if (float(literal) != 0 and math.isclose(float(literal), round(expected, decimals))
                    and check_answer(exercise, float(literal)).status is not Status.CORRECT):
                yield Problem(f"lesson {lesson.id} {exercise.id}", f"the lesson quotes "
                              f"{literal} for {expected!r}, and the check rejects it: widen "
                              "the tolerance or quote more decimals")


def _code(source: str) -> str:
    """A cell's source without IPython's magics and shell lines, for :mod:`ast`."""
    return "\n".join("" if line.lstrip().startswith(("%", "!")) else line
                     for line in source.splitlines())


def _assigned(notebook: NotebookNode) -> set[str]:
    """Every name the code cells of a notebook bind."""
    names: set[str] = set()
    for cell in notebook.cells:
        if cell.cell_type == "code":
            try:
                names.update(bound_names(_code(cell.source)))
            except SyntaxError:  # the grader reports a cell that does not run
                continue
    return names


def _solution(lesson: Lesson, path: Path) -> Iterator[Problem]:
    """A lesson's solution notebook: its lesson, set-up, markers, answers and their cells."""
    where = str(path)
    if not path.is_file():
        yield Problem(f"lesson {lesson.id}", f"no solution notebook: write {path}")
        return
    try:
        notebook = read(path)
    except NotebookError as error:
        yield Problem(where, str(error))
        return
    said = notebook.metadata.get("coursekit", {}).get("lesson")
    if said != lesson.id:
        yield Problem(where, f"its metadata name lesson {said!r}: set "
                      f"{{\"coursekit\": {{\"lesson\": \"{lesson.id}\"}}}} in the notebook's "
                      "metadata")
    setup = re.compile(rf"questions\(\s*['\"]{re.escape(lesson.id)}['\"]\s*\)")
    if not any(c.cell_type == "code" and setup.search(c.source) for c in notebook.cells):
        yield Problem(where, f"no set-up cell: add a code cell with "
                      f"ex = ck.questions(\"{lesson.id}\") before the first exercise")
    try:
        released = release_notebook(notebook, lesson.id)
    except ReleaseError as error:
        yield Problem(where, f"{error}: fix the cell's # BEGIN SOLUTION / # END SOLUTION block")
        return
    kept = _assigned(released)
    marked = {marked_answer(c, lesson.answer_names): (i, c.cell_type)
              for i, c in enumerate(notebook.cells)}
    for exercise in lesson.exercises:
        at = f"lesson {lesson.id} {exercise.id}"
        if exercise.kind == "written":
            cell = marked.get(exercise.answer)
            if cell is None:
                yield Problem(at, f"no answer cell for '{exercise.answer}': in JupyterLab, "
                              f"give its Markdown cell the tag {ANSWER_TAG}{exercise.id}")
            elif cell[1] != "markdown":
                yield Problem(at, f"its answer cell (cell {cell[0] + 1}) is a {cell[1]} cell: "
                              "a written answer is a Markdown cell")
            else:
                yield from _rubric(at, exercise, notebook.cells[cell[0]].source)
        elif exercise.answer not in kept:
            yield Problem(at, f"the learner's copy never assigns '{exercise.answer}', which "
                          f"ex.{exercise.id}.check reads: assign it inside the solution block "
                          f"({exercise.answer} = ...)")
    text = "\n".join(c.source for c in notebook.cells if c.cell_type == "markdown")
    yield from _quoted_roundings(lesson, text)


def _rubric(where: str, exercise: Exercise, model: str) -> Iterator[Problem]:
    """Each machine criterion of a written exercise's rubric can score its model answer."""
    for criterion in exercise.rubric:
        if criterion.check is None:
            continue
        try:
            criterion.check(model)
        except Exception as error:
            yield Problem(where, f"rubric criterion {criterion.description!r} fails on the "
                          f"model answer ({type(error).__name__}: {error}): check its "
                          "arguments; a value from the data is given as a function, such as "
                          "lambda: figure('id')")


def _graded(course: Course, found: list[Lesson], solutions: Path) -> Iterator[Problem]:
    """Graded as a learner's work, each solution notebook gets every machine point."""
    from coursekit.grading.options import GradeOptions
    from coursekit.grading.pipeline import grade_paths

    paths = [solutions / f"{lesson.id}.ipynb" for lesson in found]
    paths = [path for path in paths if path.is_file()]
    if not paths:
        return
    for grade in grade_paths(paths, GradeOptions(jobs=1)):
        if grade.status != "graded":
            yield Problem(grade.path, f"cannot be graded: {grade.error}")
            continue
        for error in grade.cell_errors:
            yield Problem(grade.path, f"cell {error['cell']} fails when graded: "
                          f"{error['error']}")
        lesson = next(lesson for lesson in found if lesson.id == grade.lesson)
        for exercise, got in zip(lesson.exercises, grade.exercises, strict=True):
            wanted = exercise.points - sum(c.points for c in exercise.rubric if c.by_teacher)
            if got.points < wanted - 1e-9:
                first = next((line for line in got.feedback.splitlines() if line.strip()
                              and not line.startswith("\u2714")), got.feedback)
                yield Problem(f"lesson {lesson.id} {exercise.id}", f"the solution notebook "
                              f"scores {got.points:g} of {wanted:g}: {first.strip()}")


def check_course(course: str | Course, solutions: Path, grade: bool = True) -> list[Problem]:
    """Every problem the author's checks find in ``course``, whose solution notebooks are in
    ``solutions``; ``grade=False`` skips grading the solution notebooks (the slowest check).
    """
    found_course = find_course(course) if isinstance(course, str) else course
    problems = list(_data(found_course))
    found, broken = _lessons(found_course)
    problems += broken
    if problems:  # the other checks need the data and the lessons
        return problems
    if not found:
        return [Problem(found_course.id, f"no lessons: add a module with LESSON = "
                        f"Lesson(...) to {found_course.lessons_package}")]
    with using(found_course):  # expected answers read this course's figures
        for lesson in found:
            problems += _declarations(lesson)
            problems += _solution(lesson, solutions / f"{lesson.id}.ipynb")
    if grade and not problems:
        problems += _graded(found_course, found, solutions)
    return problems


def courses_of(solutions: Path) -> list[str]:
    """The courses whose lessons the solution notebooks in ``solutions`` name.

    Raises UsageError if there are none, naming the folder.
    """
    known = lessons()
    found = set()
    for path in sorted(solutions.glob("*.ipynb")):
        try:
            lesson = read(path).metadata.get("coursekit", {}).get("lesson")
        except NotebookError:
            continue
        if lesson in known:
            found.add(known[lesson].course)
    if not found:
        raise UsageError(f"{solutions}: no solution notebook of an installed course; name "
                         "the course (coursekit check COURSE) or give --solutions")
    return sorted(found)


def assert_course(course: str, solutions: Path, grade: bool = True) -> None:
    """Fail (AssertionError) with one line per problem if :func:`check_course` finds any:
    the author's checks as a course's own pytest test."""
    problems = check_course(course, solutions, grade)
    assert not problems, "\n".join(map(str, problems))

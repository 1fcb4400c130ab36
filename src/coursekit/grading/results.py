"""Grades as data: one record per submission, written as JSON or as a plain-text table."""

from __future__ import annotations

import io
import json
import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import IO, TYPE_CHECKING, Any, Literal, TypedDict

from coursekit.base.errors import UsageError
from coursekit.judging.status import Status
from coursekit.model.exercises import Lesson
from coursekit.running.jobs import CellError

if TYPE_CHECKING:
    from coursekit.judging.checking import Result

__all__ = [
    "CellError",
    "Copy",
    "ExerciseGrade",
    "Flag",
    "Late",
    "ResultsError",
    "SubmissionGrade",
    "copies_from_json",
    "describe_flag",
    "from_json",
    "from_record",
    "isolation",
    "record",
    "to_json",
    "to_table",
    "write_results",
]


class ResultsError(UsageError, ValueError):
    """A results file is not the JSON that ``coursekit grade --format json`` writes."""


class Flag(TypedDict):
    """Something in a submission for the teacher to look at: code reading the answer key, an
    answer that does not follow the data, a release from another version (see
    ``coursekit.grading.keyuse``, ``coursekit.grading.variants``, ``coursekit.grading.versions``).
    """

    #: The code cell's position in the notebook, from 1; None for the whole notebook.
    cell: int | None
    #: The exercise it concerns, or None.
    exercise: str | None
    #: Why, as a code: one of ``keyuse.KEY_REASONS``, ``hard_coded`` or ``version``.
    reason: str
    #: Why, in words.
    detail: str


class Late(TypedDict):
    """Whether a submission came in late, and what says so (see ``coursekit.grading.deadlines``)."""

    late: bool
    #: What told: the deadlines file (with the due and submission times), or Canvas's mark.
    source: Literal["deadlines", "canvas"]
    due: str | None
    submitted: str | None
    #: What recorded the submission's time: ``gradescope``, ``git``, ``file`` (its
    #: modification time, only when asked for), ``platform`` (a time a platform passed in),
    #: or None (Canvas's mark gives no time).
    submitted_from: str | None
    #: 'on time', 'late by 2 h 5 min', 'marked late by Canvas'.
    note: str
    #: The points taken off for it.
    penalty: float
    #: The late rule that took them off, in words (None: no penalty asked for); an
    #: addition, absent from results written before it.
    rule: str | None
    #: The percentage of the score the rule took off (an addition, as ``rule``).
    percent_off: float


class Copy(TypedDict):
    """Two submissions of one lesson that look copied, and why: an item of the results'
    top-level ``copies`` (see ``coursekit.grading.copies``)."""

    lesson: str
    #: The two submissions' paths, as in their results.
    first: str
    second: str
    #: The share of the smaller one's rare code that both have (0 to 1), or None when not
    #: compared (no rare code).
    code_alike: float | None
    #: How many rare pieces of their own code they share, and how many rare marks of how the
    #: file was made (a new cell's random id, the order of runs).
    shared_code: int
    shared_cells: int
    #: The rare wrong answers both gave: ``"q3: 12.5"``.
    wrong_answers: list[str]
    #: All of it in one line for people.
    evidence: str


@dataclass(frozen=True)
class ExerciseGrade:
    """One exercise of one submission: its status, points and feedback text."""

    id: str
    status: Status
    points: float
    max_points: float
    feedback: str
    #: The earlier exercises whose wrong answers this answer was right from, when it earned
    #: credit carried forward (see :mod:`coursekit.judging.carried`); an addition, in the
    #: JSON only when not empty.
    carried_from: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        try:
            object.__setattr__(self, "status", Status(self.status))
        except ValueError:
            raise ValueError(f"exercise {self.id}: 'status' must be one of "
                             f"{[s.value for s in Status]} (got {self.status!r})") from None

    @classmethod
    def from_result(cls, result: Result) -> ExerciseGrade:
        """The grade of a checked answer."""
        return cls(result.exercise.id, result.status, result.points, result.exercise.points,
                   result.feedback, list(result.carried_from))


@dataclass(frozen=True)
class SubmissionGrade:
    """One graded notebook; ``status`` is ``error`` when it could not be read or run."""

    path: str
    lesson: str
    status: str
    error: str | None
    score: float
    max_score: float
    exercises: list[ExerciseGrade] = field(default_factory=list)
    #: The cells that raised or hit a time limit: ``{"cell": position from 1, "error": text}``.
    cell_errors: list[CellError] = field(default_factory=list)
    #: The text of each written answer, by exercise id (for the teacher's review).
    written_answers: dict[str, str] = field(default_factory=dict)
    #: What the teacher should look at: code reading the answer key, answers that do not
    #: follow the data, a release from another version:
    #: ``{"cell": position from 1 or None, "exercise": id or None, "reason": code,
    #: "detail": text}`` (see ``coursekit.grading.keyuse`` and ``coursekit.grading.variants``).
    flags: list[Flag] = field(default_factory=list)
    #: What graded it: ``{"grader": version, "course": version, "figures": hash}``.
    versions: dict[str, str] = field(default_factory=dict)
    #: Whether the learner's code ran in the sandbox (see ``coursekit.running.sandbox``).
    sandboxed: bool = False
    #: Whether it came in late, when that is known (see :mod:`coursekit.grading.deadlines`);
    #: the JSON has the key only then.
    late: Late | None = None
    #: Each answer judged incorrect that no mistake the lesson declares explains, in short,
    #: by exercise id: what the copy check compares across a class (see
    #: :mod:`coursekit.grading.copies`).
    wrong_answers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def graded(cls, path: str, lesson: Lesson, results: list[Result],
               cell_errors: list[CellError] | None = None,
               written_answers: dict[str, str] | None = None,
               flags: list[Flag] | None = None,
               wrong_answers: dict[str, str] | None = None) -> SubmissionGrade:
        """A submission whose answers were all checked."""
        exercises = [ExerciseGrade.from_result(r) for r in results]
        return cls(path, lesson.id, "graded", None, sum(e.points for e in exercises),
                   lesson.max_score, exercises, list(cell_errors or []),
                   dict(written_answers or {}), list(flags or []),
                   wrong_answers=dict(wrong_answers or {}))

    @classmethod
    def failed(cls, path: str, lesson: Lesson | None, error: str) -> SubmissionGrade:
        """A submission that could not be graded, scored 0 with the reason."""
        exercises = [ExerciseGrade(e.id, Status.ERROR, 0, e.points, error)
                     for e in (lesson.exercises if lesson else ())]
        return cls(path, lesson.id if lesson else "", "error", error, 0,
                   lesson.max_score if lesson else 0, exercises)


def record(grade: SubmissionGrade) -> dict[str, Any]:
    """One submission as the JSON contract has it: an item of ``submissions``."""
    record = asdict(grade)
    if record["late"] is None:
        del record["late"]
    for exercise in record["exercises"]:
        if not exercise["carried_from"]:
            del exercise["carried_from"]
    return record


def to_json(grades: Iterable[SubmissionGrade], copies: list[Copy] | None = None) -> str:
    """The documented JSON shape: ``{"submissions": [...]}``, indented, stable key order;
    with ``"copies": [...]`` too when the copy check ran."""
    text = io.StringIO()
    write_results(grades, text, copies)
    return text.getvalue()


def write_results(grades: Iterable[SubmissionGrade], out: IO[str],
                  copies: list[Copy] | None = None) -> None:
    """Write :func:`to_json`'s text to ``out`` one submission at a time: beside the grades,
    only one submission's record is ever in memory, not the whole document."""
    out.write('{\n  "submissions": [')
    empty = True
    for grade in grades:
        out.write(("\n" if empty else ",\n") + _nested(record(grade), "    "))
        empty = False
    out.write("]" if empty else "\n  ]")
    if copies is not None:
        out.write(',\n  "copies": ' + _nested(copies, "  ").removeprefix("  "))
    out.write("\n}\n")


def _nested(value: object, indent: str) -> str:
    """``value``'s indented JSON as :func:`json.dumps` writes it ``indent`` deep inside a
    document (a JSON string holds no raw line break, so each line is indented alike)."""
    return indent + json.dumps(value, indent=2, ensure_ascii=False).replace("\n", "\n" + indent)


def copies_from_json(text: str) -> list[Copy] | None:
    """The pairs the copy check reported in a results JSON, or None when it did not run
    (call :func:`from_json` first: it says what is wrong with a file that is not results)."""
    copies = json.loads(text).get("copies")
    return None if copies is None else list(copies)


def from_json(text: str, source: str = "results") -> list[SubmissionGrade]:
    """Read grades back from the JSON of :func:`to_json`, or say what is wrong with it."""
    try:
        document = json.loads(text)
        return [from_record(s) for s in document["submissions"]]
    except json.JSONDecodeError as error:
        raise ResultsError(f"{source}: not JSON ({error.msg}, line {error.lineno})") from None
    except (KeyError, TypeError, ValueError) as error:
        raise ResultsError(f"{source}: not the JSON of 'coursekit grade --format json' "
                           f"(problem with {error})") from None


def from_record(s: dict[str, Any]) -> SubmissionGrade:
    """A submission back from its :func:`record` (raises KeyError, TypeError or ValueError
    if it is not one)."""
    return SubmissionGrade(**{**s, "exercises": [ExerciseGrade(**e) for e in s["exercises"]],
                              "cell_errors": s.get("cell_errors", []),
                              "written_answers": s.get("written_answers", {}),
                              "flags": s.get("flags", []),
                              "versions": s.get("versions", {}),
                              "sandboxed": s.get("sandboxed", False),
                              "late": s.get("late"),
                              "wrong_answers": s.get("wrong_answers", {})})


def describe_flag(flag: Flag) -> str:
    """A flag in one line: 'q1, cell 8: computes the expected answer (.expected): ...'."""
    where = ", ".join(filter(None, (flag.get("exercise"),
                                    f"cell {flag['cell']}" if flag.get("cell") else None)))
    return f"{where or 'notebook'}: {flag['detail']}"


def isolation(grades: Iterable[SubmissionGrade]) -> str:
    """Which mode graded a batch, in words: in the sandbox, without it, or mixed."""
    modes = {grade.sandboxed for grade in grades}
    if modes == {True}:
        return "graded in the sandbox"
    if modes == {False}:
        return "graded WITHOUT the sandbox (learners' code ran with the grader's rights)"
    return "graded partly in the sandbox (see each submission's 'sandboxed')"


#: The width the table's feedback is wrapped to, in characters (a wide terminal's line).
_TABLE_WIDTH = 100


def _wrapped(feedback: str, indent: int) -> str:
    """The whole of an exercise's feedback, its lines wrapped to the table's width and each
    line after the first indented under the first (a written answer's feedback has several)."""
    width = max(_TABLE_WIDTH - indent, 40)
    lines = [part for line in feedback.splitlines()
             for part in textwrap.wrap(line, width, subsequent_indent="  ") or [""]]
    return "\n".join([lines[0], *(" " * indent + line if line else "" for line in lines[1:])])


def to_table(grades: Sequence[SubmissionGrade]) -> str:
    """A line saying which mode graded the batch, then a per-exercise table for each notebook
    and its total."""
    blocks = [isolation(grades)] if grades else []
    for grade in grades:
        lines = [f"{grade.path} ({grade.lesson or 'unknown lesson'})"]
        if grade.error:
            lines.append(f"  error: {grade.error}")
        lines += [f"  cell {c['cell']}: {c['error']}" for c in grade.cell_errors]
        lines += [f"  flag {describe_flag(f)}" for f in grade.flags]
        if grade.late and grade.late["late"]:
            lines.append(f"  late: {grade.late['note']}")
        width = max((len(e.id) for e in grade.exercises), default=2)
        for e in grade.exercises:
            lead = f"  {e.id:<{width}}  {e.status:<10}  {e.points:g}/{e.max_points:g}  "
            lines.append((lead + _wrapped(e.feedback, len(lead))).rstrip())
        if grade.exercises:
            lines.append(f"  total: {grade.score:g}/{grade.max_score:g}")
        else:  # nothing could be graded: a 0/0 total would read as a score
            lines.append("  total: not graded (the error above says why)")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"

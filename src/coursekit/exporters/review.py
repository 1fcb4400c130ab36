"""The review page: a teacher scores a whole class's written answers, one group at a time.

One self-contained HTML file that works offline. For each written exercise it shows the
answers waiting for review in **groups**, largest first: answers that are the same once
case, spacing, emphasis marks and end punctuation are set aside, or that met the same
machine criteria with the same numbers in them, are one group (or, with ``groups="text"``,
only answers with the same text: the machine's criteria cannot see what the teacher's
criteria ask, so a group by criteria may hold answers that deserve different scores; the
page shows each of its wordings, with how many wrote it). The teacher reads each
distinct wording of a group, scores the group once (criterion fields with their guides, a
comment) and can still open the group and score any member on its own: a member's own
score, when it has one, is the one saved. Scores are kept in the browser as they are
typed (so closing the page loses nothing) and saved with a button as the scores CSV that
``coursekit grade --reviews`` merges, one row per answer.

In **blind** mode the page shows each answer under its blind id (see
:func:`coursekit.grading.reviews.blind_id`) and holds no name and no path; the merge finds
the learner again. A page can be limited to some roster sections or some exercises, and
:func:`review_pages` splits a class into one page per section or per exercise, for TAs.

The page writes its CSV as :mod:`coursekit.grading.csvfiles` does: a text cell that a
spreadsheet would run gets a quote before it, and a cell with a quote, comma, carriage
return or line feed is quoted. A Content-Security-Policy lets only the page's own script
run and lets the page load nothing.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import unicodedata
from collections.abc import Collection, Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal, TypedDict

from coursekit.exporters import Batch, Exporter
from coursekit.exporters.filenames import safe_stem
from coursekit.exporters.templating import TEMPLATES
from coursekit.grading.csvfiles import FORMULA_STARTS
from coursekit.grading.results import SubmissionGrade
from coursekit.grading.reviews import COLUMNS, blind_id
from coursekit.judging.status import Status
from coursekit.model.exercises import lessons
from coursekit.model.written import numbers_in

__all__ = ["REVIEW", "ReviewOptions", "normal_text", "render_review", "review_pages",
           "write_review"]

#: What a page shows for a learner without a section in the roster.
NO_SECTION = "no section"


@dataclass(frozen=True)
class ReviewOptions:
    """Which answers a review page holds, and whether it shows names."""

    #: Show blind ids instead of names and paths.
    blind: bool = False
    #: Only learners of these roster sections (None: every learner).
    sections: Collection[str] | None = None
    #: Only these exercises, as ``lesson/exercise`` or ``exercise`` (None: every one).
    exercises: Collection[str] | None = None
    #: ``criteria``: answers with the same text, or the same machine criteria met with the
    #: same numbers, are a group; ``text``: only answers with the same text.
    groups: Literal["criteria", "text"] = "criteria"


class _Criterion(TypedDict):
    """A criterion the teacher scores, with its guide."""

    description: str
    points: float
    guide: str


class _Submission(TypedDict):
    """One learner's written answer to score, with what the machine already decided."""

    path: str
    learner: str
    section: str
    answer: str
    decided: list[str]
    points: float
    max_points: float


class _Wording(TypedDict):
    """One distinct text of a group, and how many members wrote it."""

    text: str
    count: int


class _Group(TypedDict):
    """Answers the teacher scores at once; each member can still be scored on its own."""

    wordings: list[_Wording]
    decided: list[str]
    members: list[_Submission]


class _Item(TypedDict):
    """A written exercise waiting for review, with its answers in groups, largest first."""

    lesson: str
    exercise: str
    title: str
    criteria: list[_Criterion]
    groups: list[_Group]


def _criteria(lesson: str, exercise_id: str, open_points: float
              ) -> tuple[str, list[_Criterion]]:
    """The exercise's title and teacher criteria, from its declaration where it is installed."""
    known = lessons()
    if lesson in known and any(e.id == exercise_id for e in known[lesson].exercises):
        exercise = known[lesson].exercise(exercise_id)
        return exercise.title, [{"description": c.description, "points": c.points,
                                 "guide": c.guide} for c in exercise.rubric if c.by_teacher]
    return exercise_id, [{"description": "the teacher's part", "points": open_points,
                          "guide": "(the lesson's declaration is not installed here)"}]


def normal_text(text: str) -> str:
    """An answer's text with case, spacing, emphasis marks and end punctuation set aside."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(re.sub(r"[*_`]", "", text).split()).strip(" .!;:")


def _keys(submission: _Submission, by: Literal["criteria", "text"]
          ) -> tuple[str, str | None]:
    """The two keys that put answers in one group: the normalised text, and the machine's
    decisions with the numbers written (None for an answer without numbers, which only
    its text groups, and when grouping by text alone)."""
    numbers = sorted(set(numbers_in(submission["answer"])))
    same_machine = (json.dumps([submission["decided"], numbers])
                    if numbers and by == "criteria" else None)
    return normal_text(submission["answer"]), same_machine


def _groups(submissions: list[_Submission], by: Literal["criteria", "text"]) -> list[_Group]:
    """The submissions in groups (answers linked by either key), largest group first."""
    parent = list(range(len(submissions)))

    def root(n: int) -> int:
        while parent[n] != n:
            parent[n] = parent[parent[n]]
            n = parent[n]
        return n

    first: dict[tuple[int, str], int] = {}
    for n, submission in enumerate(submissions):
        for which, key in enumerate(_keys(submission, by)):
            if key is not None:
                parent[root(n)] = root(first.setdefault((which, key), n))
    members: dict[int, list[_Submission]] = {}
    for n, submission in enumerate(submissions):
        members.setdefault(root(n), []).append(submission)
    groups = []
    for group in sorted(members.values(), key=len, reverse=True):  # stable: first seen first
        wordings: dict[str, _Wording] = {}  # by normalised text: the first one written
        for member in group:
            wordings.setdefault(normal_text(member["answer"]),
                                {"text": member["answer"], "count": 0})["count"] += 1
        groups.append(_Group(wordings=list(wordings.values()), decided=group[0]["decided"],
                             members=group))
    return groups


def _wanted(lesson: str, exercise: str, options: ReviewOptions) -> bool:
    return options.exercises is None or bool({exercise, f"{lesson}/{exercise}"}
                                             & set(options.exercises))


def _items(batch: Batch, options: ReviewOptions) -> list[_Item]:
    """The exercises waiting for review, each with its answers in groups."""
    found: dict[tuple[str, str], tuple[SubmissionGrade, list[_Submission]]] = {}
    for grade in batch.grades:
        learner = batch.learner(grade)
        section = batch.section(grade) or NO_SECTION
        if options.sections is not None and section not in options.sections:
            continue
        for result in grade.exercises:
            if (result.status is not Status.NEEDS_REVIEW
                    or not _wanted(grade.lesson, result.id, options)):
                continue
            decided = [line for line in result.feedback.splitlines()
                       if not line.startswith("\u270e")]
            shown = blind_id(grade.path) if options.blind else learner
            found.setdefault((grade.lesson, result.id), (grade, []))[1].append({
                "path": "" if options.blind else grade.path, "learner": shown,
                "section": section, "answer": grade.written_answers.get(result.id, ""),
                "decided": decided, "points": result.points,
                "max_points": result.max_points})
    items = []
    for (lesson, exercise), (grade, submissions) in found.items():
        result = next(e for e in grade.exercises if e.id == exercise)
        title, criteria = _criteria(lesson, exercise, result.max_points - result.points)
        items.append(_Item(lesson=lesson, exercise=exercise, title=title, criteria=criteria,
                           groups=_groups(submissions, options.groups)))
    return items


def render_review(batch: Batch, options: ReviewOptions | None = None) -> str:
    """The review page as one HTML document."""
    options = options or ReviewOptions()
    items = _items(batch, options)
    data = json.dumps(items, ensure_ascii=False, sort_keys=True)
    key = hashlib.sha256(data.encode("utf-8")).hexdigest()[:16]
    script = TEMPLATES.get_template("review.js.j2").render(
        columns=list(COLUMNS), formula_starts=FORMULA_STARTS,
        storage_key=f"coursekit-review-{key}")
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
    answers = sum(len(g["members"]) for i in items for g in i["groups"])
    return TEMPLATES.get_template("review.html.j2").render(
        items=items, script=script, script_hash=f"sha256-{digest}", blind=options.blind,
        no_section=NO_SECTION,
        sections=sorted(options.sections) if options.sections is not None else None,
        waiting=answers, groups=sum(len(i["groups"]) for i in items))


def review_pages(batch: Batch, by: Literal["section", "exercise"],
                 options: ReviewOptions | None = None) -> dict[str, str]:
    """One review page per roster section or per exercise, by a name fit for a file."""
    options = options or ReviewOptions()
    parts: Iterable[tuple[str, ReviewOptions]]
    if by == "section":
        present = sorted({batch.section(grade) or NO_SECTION for grade in batch.grades})
        sections = [s for s in present if options.sections is None or s in options.sections]
        parts = ((section, replace(options, sections={section})) for section in sections)
    else:
        names = dict.fromkeys(f"{item['lesson']}/{item['exercise']}"
                              for item in _items(batch, options))
        parts = ((name, replace(options, exercises={name})) for name in names)
    pages: dict[str, str] = {}
    for name, part in parts:
        stem = safe_stem(name.replace("/", "-"), by)
        while stem in pages:  # two names that read the same in a file name
            stem += "_"
        pages[stem] = render_review(batch, part)
    return pages


def write_review(batch: Batch, path: Path | None) -> None:
    """Write the review page to ``path``."""
    assert path is not None  # a file exporter always gets one
    path.write_text(render_review(batch), encoding="utf-8")


REVIEW = Exporter("review", "a page to score written answers in the browser and save the scores "
                  "as a CSV for --reviews", write_review)

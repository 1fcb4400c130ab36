"""A class report: score distribution, success per exercise, frequent mistakes, the item
analysis (see :mod:`coursekit.grading.itemanalysis`), errors; per roster section too.

Static HTML with the charts (``coursekit.exporters.charts``) embedded as PNG, so it
opens offline in any browser. The charts' libraries are imported only when a report is
written, so that loading the exporters stays quick for every other export.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypedDict

import pandas as pd

from coursekit.exporters import Batch, Exporter
from coursekit.exporters.templating import TEMPLATES
from coursekit.grading import itemanalysis
from coursekit.grading.results import Copy, SubmissionGrade, isolation
from coursekit.judging.status import Status
from coursekit.model.exercises import lessons

__all__ = ["REPORT", "frequent_mistakes", "render_report", "write_report"]

#: Feedback that opens with the learner's answer: "0.889 percent: That looks like a fraction"
#: or "0.5 is not what the data give". The answer is split off so that learners who made the
#: same mistake with different numbers are counted together.
_ANSWER_FIRST = re.compile(r"^(?P<value>'[^']{1,60}'|-?[\d.,]+(?:e[-+]?\d+)?(?: [\w ]{1,30})?)"
                           r"(?P<sep>: | (?=is |has ))(?P<message>.+)$", re.DOTALL)
#: What follows the answer's variable name when the answer is text where a number is asked:
#: "'station_share' is the text '22.2%', but ..." (the text as Python's repr shows it).
_NAMED_TEXT = re.compile(r" is the text (?P<value>'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\")"
                         r"(?P<rest>.*)$", re.DOTALL)
#: Feedback that names a failed cell first: counted with what follows it.
_CELL_NOTE = re.compile(r"^(?:The cell that sets|Cell \d+, above).*?\n", re.DOTALL)


def _exercises(grades: Sequence[SubmissionGrade]) -> pd.DataFrame:
    """One row per graded exercise, with the name of the variable that holds its answer
    (empty when the lesson is not known)."""
    known = lessons()
    variables = {(lesson.id, e.id): e.answer for lesson in known.values()
                 for e in lesson.exercises}
    rows = [{"lesson": g.lesson, "path": g.path, "id": e.id, "status": e.status,
             "feedback": e.feedback, "variable": variables.get((g.lesson, e.id), "")}
            for g in grades if g.status == "graded" for e in g.exercises]
    return pd.DataFrame(rows, columns=["lesson", "path", "id", "status", "feedback", "variable"])


def _split_answer(feedback: str, variable: str = "") -> tuple[str, str]:
    """(the learner's answer as shown, the rest of the feedback) of one piece of feedback.

    Feedback that opens with the answer's variable name (``'station_share' is the text
    '22.2%', ...``) names the variable, not the answer: the answer is the text it holds, if
    any."""
    text = _CELL_NOTE.sub("", feedback)
    named = f"'{variable}'"
    if variable and text.startswith(named):
        found_text = _NAMED_TEXT.match(text, len(named))
        if found_text:
            return found_text["value"], f"{named} is text{found_text['rest']}"
        return "", text
    found = _ANSWER_FIRST.match(text)
    if not found:
        return "", text
    message = found["message"]
    return found["value"], message if found["sep"] == ": " else f"\u2026 {message}"


def frequent_mistakes(exercises: pd.DataFrame, top: int = 3) -> pd.DataFrame:
    """The most common feedback on incorrect answers per exercise, with the answers given.

    Columns: ``id``, ``count`` (learners), ``feedback`` (what they were told, without their
    own number) and ``answers`` (up to three of the answers that got it).
    """
    wrong = exercises[exercises["status"] == Status.INCORRECT]
    split = [_split_answer(text, variable)
             for text, variable in zip(wrong["feedback"], wrong["variable"], strict=True)]
    table = pd.DataFrame({"id": wrong["id"].to_list(),
                          "answer": [value for value, _ in split],
                          "feedback": [message for _, message in split]},
                         columns=["id", "answer", "feedback"])
    grouped = table.groupby(["id", "feedback"], sort=False)
    counts = grouped.size().rename("count").reset_index()
    answers = grouped["answer"].agg(lambda values: ", ".join(
        pd.Series([v for v in values if v]).value_counts().index[:3])).reset_index()
    counts = counts.merge(answers, on=["id", "feedback"]).rename(columns={"answer": "answers"})
    counts = counts.sort_values(["id", "count", "feedback"], ascending=[True, False, True])
    return counts.groupby("id").head(top).reset_index(drop=True)[
        ["id", "count", "feedback", "answers"]]


class _CellProblem(TypedDict):
    """A submission with cells that failed: how many, the first, and the exercises affected."""

    path: str
    count: int
    first: str
    affected: str


def _cell_problems(grades: list[SubmissionGrade]) -> list[_CellProblem]:
    """Submissions with cells that raised or hit a time limit, and the exercises affected."""
    rows: list[_CellProblem] = []
    for grade in grades:
        if grade.cell_errors:
            affected = [e.id for e in grade.exercises if _CELL_NOTE.match(e.feedback)]
            rows.append({"path": grade.path, "count": len(grade.cell_errors),
                         "first": f"cell {grade.cell_errors[0]['cell']}: "
                                  f"{grade.cell_errors[0]['error']}",
                         "affected": ", ".join(affected) or "none"})
    return rows


def _item_rows(graded: list[SubmissionGrade], exercises: pd.DataFrame
               ) -> tuple[itemanalysis.LessonAnalysis, list[dict[str, Any]]]:
    """The item analysis of some graded submissions of one lesson, and a row per exercise
    for the report with its most common mistake."""
    analysis = itemanalysis.analyse(graded)
    top = {row["id"]: row for row in frequent_mistakes(exercises, top=1).to_dict("records")}
    return analysis, [{"item": item, "mistake": top.get(item.id)} for item in analysis.items]


def _scores(graded: list[SubmissionGrade], exercises: pd.DataFrame) -> dict[str, Any]:
    """What the report shows of some graded submissions of one lesson, in the whole class or
    one section: how many, the median score, the frequent mistakes and the item analysis."""
    analysis, items = _item_rows(graded, exercises)
    return {"count": len(graded), "median": pd.Series([g.score for g in graded]).median(),
            "mistakes": frequent_mistakes(exercises).to_dict("records"),
            "alpha": analysis.alpha, "items": items}


def _by_section(graded: list[SubmissionGrade], exercises: pd.DataFrame,
                section_of: Callable[[SubmissionGrade], str]) -> list[dict[str, Any]]:
    """What the report shows of each section's submissions (none when no learner has a
    section); learners without one are together under "no section"."""
    groups: dict[str, list[SubmissionGrade]] = {}
    for grade in graded:
        groups.setdefault(section_of(grade), []).append(grade)
    if list(groups) == [""]:
        return []
    return [{"name": name or "no section",
             "heading": f"Section {name}" if name else "Learners without a section",
             **_scores(members, exercises[exercises["path"].isin({g.path for g in members})])}
            for name, members in sorted(groups.items())]


def _late_rules(grades: Sequence[SubmissionGrade]) -> list[str]:
    """The late rules that took points off late submissions, in words (none: no penalty)."""
    return sorted({rule for g in grades if g.late and g.late["late"]
                   and (rule := g.late.get("rule"))})


def render_report(grades: Sequence[SubmissionGrade], copies: list[Copy] | None = None,
                  section_of: Callable[[SubmissionGrade], str] | None = None) -> str:
    """The class report as one self-contained HTML page (with the pairs that look copied,
    when the copy check ran, and the roster's sections, given ``section_of``)."""
    from coursekit.exporters.charts import item_chart, png, score_chart, success_chart

    exercises = _exercises(grades)
    known = lessons()
    sections = []
    for lesson_id in sorted({g.lesson for g in grades if g.status == "graded"}):
        graded = [g for g in grades if g.lesson == lesson_id and g.status == "graded"]
        scores = pd.Series([g.score for g in graded])
        mine = exercises[exercises["lesson"] == lesson_id]
        max_score = graded[0].max_score
        whole = _scores(graded, mine)
        flagged = [row["item"].id for row in whole["items"] if row["item"].flags]
        sections.append({
            "id": lesson_id, "title": known[lesson_id].title if lesson_id in known else lesson_id,
            **whole, "max_score": max_score,
            "scores_png": png(score_chart(scores, max_score)),
            "scores_alt": f"Histogram of the scores of {len(graded)} submissions",
            "success_png": png(success_chart(mine)),
            "success_alt": "Bar chart of the percentage of correct answers per exercise",
            "items_png": png(item_chart([row["item"] for row in whole["items"]])),
            "items_alt": "Scatter chart of each exercise's facility (across) against its "
                         "discrimination (up), with the areas flagged shaded; flagged: "
                         f"{', '.join(flagged) or 'none'}. The table above has the same figures.",
            "by_section": _by_section(graded, mine, section_of) if section_of else [],
            "cell_problems": _cell_problems(graded),
            "flags": [{"path": g.path, **f} for g in graded for f in g.flags],
            "copies": [c for c in copies or [] if c["lesson"] == lesson_id],
        })
    errors = [g for g in grades if g.status == "error"]
    late = [g for g in grades if g.late and g.late["late"]]
    return TEMPLATES.get_template("report.html.j2").render(
        lessons=sections, errors=errors, submissions=len(grades),
        graded=len(grades) - len(errors), errored=len(errors), late=late,
        late_rules=_late_rules(grades),
        lateness_known=any(g.late for g in grades), isolation=isolation(grades) if grades else "",
        copies_checked=copies is not None,
        thresholds={"poor": itemanalysis.DISCRIMINATION_POOR,
                    "easy": itemanalysis.TOO_EASY_FROM, "hard": itemanalysis.TOO_HARD_BELOW,
                    "alpha_good": itemanalysis.ALPHA_GOOD, "alpha_poor": itemanalysis.ALPHA_POOR})


def write_report(batch: Batch, path: Path | None) -> None:
    """Write the class report to ``path``."""
    assert path is not None  # a file exporter always gets one
    path.write_text(render_report(batch.grades, batch.copies,
                                  batch.section if batch.roster else None), encoding="utf-8")


REPORT = Exporter("report", "a class report (HTML, opens offline): scores, success per "
                  "exercise, frequent mistakes, item analysis (per roster section too), flags, "
                  "possible copies, late work and the late rule, submissions that could not be "
                  "graded",
                  write_report)

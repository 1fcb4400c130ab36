"""The review page's groups, blind mode and sections; several TAs' score files and conflicts."""

from __future__ import annotations

import base64
import csv
import hashlib
import re

import pytest

from coursekit.cli.app import main
from coursekit.exporters import Batch
from coursekit.exporters.review import ReviewOptions, render_review, review_pages
from coursekit.grading.identity import Roster
from coursekit.grading.results import ExerciseGrade, SubmissionGrade, to_json
from coursekit.grading.reviews import COLUMNS, apply_reviews, blind_id, read_reviews
from coursekit.judging.status import Status

from .test_written import judge

FULL = "88.9 percent of all 405 employees; the article's 90 percent is this share rounded."


def waiting(learner: str, text: str) -> SubmissionGrade:
    """A lesson 02 submission whose q9 (judged by the test rubric) waits for review."""
    result = judge(text)
    q9 = ExerciseGrade("q9", result.status, result.points, 3, result.feedback)
    return SubmissionGrade(f"class/{learner}.ipynb", "02_percentages", "graded", None,
                           result.points, 3, [q9], written_answers={"q9": text})


CLASS = [
    waiting("ann", FULL),
    waiting("ben", "88.9 Percent of all 405 employees;  the article's 90 percent is this "
                   "share rounded"),  # the same once case, spacing and the full stop are set aside
    waiting("cem", "Of all 405 employees 88.9 percent; 90 percent in the article is rounded."),
    waiting("dia", "Most of the workers."),
    waiting("eve", "Nearly all of them, as the article says."),
    waiting("fay", "<img src=x onerror=alert(1)></script><script>alert(2)</script>"),
]
ROSTER = Roster([{"learner": "ann", "section": "A"}, {"learner": "ben", "section": "B"},
                 {"learner": "cem", "section": "A"}, {"learner": "dia", "section": "B"},
                 {"learner": "eve", "section": "A"}, {"learner": "fay", "section": "A"}])


def learner(grade: SubmissionGrade) -> str:
    return grade.path.split("/")[-1][:-6]


def groups(page: str) -> list[list[str]]:
    """The learners shown in each group of a page, in the page's order."""
    return [re.findall(r'data-learner="([^"]*)"', part)
            for part in page.split('<section class="group"')[1:]]


def test_answers_are_grouped_by_normalised_text_or_by_machine_criteria_and_numbers():
    page = render_review(Batch(CLASS))
    # ann and ben: the same text; cem: other words, the same criteria met with the same numbers;
    # dia and eve: no numbers, different words, so each is alone
    assert groups(page) == [["ann", "ben", "cem"], ["dia"], ["eve"], ["fay"]]
    assert "6 answer(s) in 4 group(s) wait for your scores" in page
    assert "written by 2 of the 3" in page and "written by 1 of the 3" in page
    assert page.count("<blockquote>") == 6 + 2, "each answer, and each wording of a group once"
    by_text = render_review(Batch(CLASS), ReviewOptions(groups="text"))
    assert groups(by_text) == [["ann", "ben"], ["cem"], ["dia"], ["eve"], ["fay"]]


def test_the_page_escapes_answers_and_runs_only_its_own_script():
    page = render_review(Batch(CLASS))
    assert "<img src=x" not in page and "<script>alert" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;&lt;/script&gt;" in page
    policy = re.search(r'Content-Security-Policy" content="([^"]*)"', page)[1]
    assert "default-src 'none'" in policy
    scripts = re.findall(r"<script>(.*?)</script>", page, re.DOTALL)
    assert len(scripts) == 1
    digest = base64.b64encode(hashlib.sha256(scripts[0].encode()).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in policy


def test_blind_pages_hold_no_name_or_path_and_their_scores_find_the_learner(tmp_path):
    page = render_review(Batch(CLASS), ReviewOptions(blind=True))
    words = set(re.findall(r"[\w-]+", page))
    for grade in CLASS:
        assert learner(grade) not in words and grade.path not in page
        assert blind_id(grade.path) in page
    scores = tmp_path / "scores.csv"
    with scores.open("w", newline="", encoding="utf-8") as stream:
        csv.writer(stream).writerows([COLUMNS, ["", blind_id("class/dia.ipynb"), "02_percentages",
                                                "q9", "0.5", "", "say which whole"]])
    merged = apply_reviews(CLASS, read_reviews(scores), learner)
    dia = merged.grades[3].exercises[0]
    assert dia.status is Status.INCORRECT
    assert dia.points == judge("Most of the workers.").points + 0.5
    assert "say which whole" in dia.feedback and not merged.unmatched


def test_a_section_filters_the_page_and_the_class_splits_by_section_or_exercise():
    batch = Batch(CLASS, ROSTER)
    only_b = render_review(batch, ReviewOptions(sections={"B"}))
    assert groups(only_b) == [["ben"], ["dia"]] and "section(s): B" in only_b
    assert "<h4>ben <small>(B)</small></h4>" in only_b
    pages = review_pages(batch, "section")
    assert sorted(pages) == ["A", "B"]
    assert sorted(name for group in groups(pages["A"]) for name in group) == [
        "ann", "cem", "eve", "fay"]
    assert list(review_pages(batch, "exercise")) == ["02_percentages-q9"]
    assert review_pages(batch, "exercise", ReviewOptions(exercises={"q1"})) == {}


def write_scores(path, rows):
    with path.open("w", newline="", encoding="utf-8") as stream:
        csv.writer(stream).writerows([COLUMNS, *rows])
    return path


def test_two_files_that_disagree_are_reported_and_neither_is_applied(tmp_path):
    first = write_scores(tmp_path / "ta1.csv", [
        ["class/ann.ipynb", "ann", "02_percentages", "q9", "1", "", "good"],
        ["class/dia.ipynb", "dia", "02_percentages", "q9", "0", "", ""]])
    second = write_scores(tmp_path / "ta2.csv", [
        ["", "ann", "02_percentages", "q9", "1", "", "clear"],
        ["", blind_id("class/dia.ipynb"), "", "q9", "0.5", "", ""]])
    merged = apply_reviews(CLASS, read_reviews(first) + read_reviews(second), learner)
    ann, dia = merged.grades[0].exercises[0], merged.grades[3].exercises[0]
    assert ann.points == 3 and "good clear" in ann.feedback, "rows that agree apply once"
    assert dia == CLASS[3].exercises[0] and dia.status is Status.NEEDS_REVIEW
    [conflict] = merged.conflicts
    assert (conflict.learner, conflict.exercise) == ("dia", "q9")
    message = conflict.describe()
    assert f"{first} gives teacher_points 0" in message
    assert f"{second} gives teacher_points 0.5" in message and not merged.unmatched


def test_export_merges_several_files_and_fails_on_a_conflict(tmp_path, capsys):
    results = tmp_path / "results.json"
    results.write_text(to_json(CLASS), encoding="utf-8")
    first = write_scores(tmp_path / "ta1.csv", [["", "ann", "", "q9", "1", "", ""],
                                                 ["", "cem", "", "q9", "1", "", ""]])
    second = write_scores(tmp_path / "ta2.csv", [["", "cem", "", "q9", "0", "", ""]])
    gradebook = tmp_path / "grades.csv"
    assert main(["export", str(results), "--reviews", str(first), "--reviews", str(second),
                 "--export", f"csv:{gradebook}"]) == 1
    err = capsys.readouterr().err
    assert "conflict: cem 02_percentages q9 is scored differently" in err
    assert "1 answer(s) scored differently" in err
    table = {r["learner"]: r for r in csv.DictReader(gradebook.open(encoding="utf-8-sig"))}
    assert table["ann"]["q9"] == "3" and table["cem"]["q9"] == "2"
    assert main(["export", str(results), "--reviews", str(first), "--export",
                 f"csv:{gradebook}"]) == 0


@pytest.mark.parametrize("split", ["section", "exercise"])
def test_review_command_writes_one_page_per_part(tmp_path, split):
    results = tmp_path / "results.json"
    results.write_text(to_json(CLASS), encoding="utf-8")
    roster = tmp_path / "roster.csv"
    roster.write_text("learner,section\n" + "".join(f"{r['learner']},{r['section']}\n"
                                                      for r in ROSTER.learners))
    assert main(["review", str(results), "--html", str(tmp_path / "pages"), "--roster",
                 str(roster), "--split", split, "--blind"]) == 0
    pages = sorted(p.name for p in (tmp_path / "pages").iterdir())
    assert pages == (["review-A.html", "review-B.html"] if split == "section"
                     else ["review-02_percentages-q9.html"])
    for page in (tmp_path / "pages").iterdir():
        assert "ann" not in re.findall(r"[\w-]+", page.read_text(encoding="utf-8"))


def test_sections_without_a_roster_that_has_them_are_a_clear_error(tmp_path, capsys):
    results = tmp_path / "results.json"
    results.write_text(to_json(CLASS), encoding="utf-8")
    assert main(["review", str(results), "--html", str(tmp_path / "p"), "--split",
                 "section"]) == 2
    assert "need a roster with a 'section' column" in capsys.readouterr().err
    assert not (tmp_path / "p").exists()

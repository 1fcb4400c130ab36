"""Copies within a class: planted copies are paired, honest look-alikes are not, no grade moves."""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
import uuid

import pytest
from nbformat.v4 import new_code_cell

from coursekit import cli
from coursekit.grading.copies import Work, common_at, find_copies, pieces
from coursekit.running.notebooks import write

from .conftest import ROOT, lesson_notebook

#: A learner's own work on top of lesson 02: a helper of hers and a small table.
ALICE = ['''def pct(part_id, whole_id):
    # my helper: the share of two figures, in percent
    part = ck.figure(part_id)
    whole = ck.figure(whole_id)
    return round(100 * part / whole, 3)
''', '''checks = {"company": pct("company_employees_ethnic", "company_employees"),
          "college": pct("college_faculty_from_hubei", "college_faculty")}
for name, value in checks.items():
    print(name.rjust(10), value, "%")  # both shares side by side
''', '''biggest = max(checks, key=checks.get)
print("the larger share is at the", biggest, "with", checks[biggest])
''']

#: ALICE's cells retyped by a classmate: other names, comments and spacing.
CAROL = ['''def percent_of(p, w):
    """share of two figures"""   # helper
    a = ck.figure( p )
    b = ck.figure( w )
    return round(100*a/b, 3)
''', '''results = {"company" : percent_of("company_employees_ethnic", "company_employees"),
    "college" : percent_of("college_faculty_from_hubei", "college_faculty")}
for k, v in results.items():
    print(k.rjust(10), v, "%")
''', '''top = max(results, key=results.get)   # which one is bigger?
print("the larger share is at the", top, "with", results[top])
''']

#: Honest learners' own exploration, each written in their own way.
HONEST = [
    ['print(company_share, hubei_share)'],
    ['for figure_id in ("college_faculty", "college_students"):\n'
     '    print(figure_id, ck.figure(figure_id))'],
    ['staff = ck.figure("company_employees")\nprint("staff:", staff)'],
    ['gap = abs(company_share - station_share)\nprint(f"{gap:.1f} points apart")'],
    ['import math\nprint(math.isclose(company_share, 88.9, abs_tol=0.1))'],
    ['print(round(students_per_teacher))'],
]

#: Two honest learners who both write three answers in the same less usual way.
OTHER_WAY = (
    ('company_share = ck.share_percent(ck.figure("company_employees_ethnic"),',
     'company_share = 100 * ck.figure("company_employees_ethnic") / '
     'ck.figure("company_employees")\n_ = ('),
    ('hubei_share = ck.share_percent(ck.figure("college_faculty_from_hubei"),',
     'hubei_share = 100 * ck.figure("college_faculty_from_hubei") / '
     'ck.figure("college_faculty")\n_ = ('),
    ('station_share = ck.share_percent(ck.figure("station_local_employees"),',
     'station_share = 100 * ck.figure("station_local_employees") / '
     'ck.figure("station_employees")\n_ = ('),
)


def _with_cells(sources, *, after="students_per_teacher = ck.ratio", new_ids=True,
                replace=()):
    """Lesson 02's worked solution (everyone right has the same numbers) plus some cells."""
    notebook = lesson_notebook("02_percentages.ipynb")
    for old, new in replace:
        cell = next(c for c in notebook.cells if old in c.source)
        cell.source = cell.source.replace(old, new)
    index = next(i for i, c in enumerate(notebook.cells) if after in c.source)
    for offset, source in enumerate(sources, start=1):
        cell = new_code_cell(source)
        cell.id = uuid.uuid4().hex[:8] if new_ids else f"alice-{offset}"
        notebook.cells.insert(index + offset, cell)
    return notebook


def test_names_spacing_and_comments_do_not_matter_but_strings_and_calls_do():
    assert pieces(ALICE[2:]) == pieces(CAROL[2:])
    assert pieces(["x = ck.share(a, b)"]) != pieces(["x = ck.ratio(a, b)"])
    assert pieces(['x = ck.figure("a") + 1']) != pieces(['x = ck.figure("b") + 1'])
    assert pieces(["%matplotlib inline\n!ls  # shell"]) == pieces(["%matplotlib inline\n!ls"])


def test_what_five_submissions_share_is_common():
    assert [common_at(n) for n in (5, 11, 100, 1000)] == [5, 5, 5, 50]


def test_too_small_a_class_is_not_checked():
    works = [Work(f"{n}.ipynb", "02", ALICE) for n in range(4)]
    assert find_copies(works) == []


def test_shared_rare_wrong_answers_pair_two_submissions_one_is_not_enough():
    works = [Work(f"h{n}.ipynb", "02", [f"x{n} = {n}"]) for n in range(5)]
    works += [Work("dave.ipynb", "02", [], wrong={"q2": "3.33333", "q5": "7.77"}),
              Work("erin.ipynb", "02", [], wrong={"q2": "3.33333", "q5": "7.77"}),
              Work("fay.ipynb", "02", [], wrong={"q2": "3.33333"})]
    found = find_copies(works)
    assert [(c["first"], c["second"], c["wrong_answers"]) for c in found] == [
        ("dave.ipynb", "erin.ipynb", ["q2: 3.33333", "q5: 7.77"])]


@pytest.fixture(scope="module")
def copied_class(tmp_path_factory):
    """A class of lesson 02 graded by the command line: six honest learners who are all
    right (two of them writing three answers the same less usual way), Alice, Bob (Alice's
    file unchanged), Carol (Alice's work retyped with other names and comments), and Dave
    and Erin, who share two odd wrong answers."""
    folder = tmp_path_factory.mktemp("copies")
    for number, own in enumerate(HONEST):
        (folder / f"honest{number}").mkdir()
        write(_with_cells(own, replace=OTHER_WAY if number in (4, 5) else ()),
              folder / f"honest{number}" / "02_percentages.ipynb")
    alice = _with_cells(ALICE, new_ids=False)
    for name, notebook in (("alice", alice), ("bob", alice), ("carol", _with_cells(CAROL))):
        (folder / name).mkdir()
        write(notebook, folder / name / "02_percentages.ipynb")
    odd = (("company_share = ck.share_percent",  # a mistake the lesson declares: not odd
            "company_share = 360 / 405\n_ = ck.share_percent"),
           ("rounding_gap = ck.percentage_points",
            "rounding_gap = 3.33333\n_ = ck.percentage_points"),
           ("shareholder_share = ck.share_percent",
            "shareholder_share = 7.77\n_ = ck.share_percent"))
    for name, own in (("dave", ['print("dave was here")']), ("erin", ['print(hubei_share)'])):
        (folder / name).mkdir()
        write(_with_cells(own, replace=odd), folder / name / "02_percentages.ipynb")
    out = tmp_path_factory.mktemp("out")
    assert cli.main(["grade", str(folder), "--jobs", "2", "--export", f"json:{out / 'r.json'}",
                     "--export", f"copies:{out / 'copies.csv'}",
                     "--export", f"report:{out / 'report.html'}"]) == 0
    return out


def _learner(path):
    return path.split("/")[-2]


@pytest.mark.slow
def test_planted_copies_are_paired_and_honest_look_alikes_are_not(copied_class):
    results = json.loads((copied_class / "r.json").read_text())
    pairs = {(_learner(c["first"]), _learner(c["second"])): c for c in results["copies"]}
    assert sorted(tuple(sorted(p)) for p in pairs) == [
        ("alice", "bob"), ("alice", "carol"), ("bob", "carol"), ("dave", "erin")]
    unchanged = next(c for p, c in pairs.items() if set(p) == {"alice", "bob"})
    assert unchanged["code_alike"] == 1 and unchanged["shared_cells"] == 3
    retyped = next(c for p, c in pairs.items() if set(p) == {"alice", "carol"})
    assert retyped["code_alike"] >= 0.8 and retyped["shared_cells"] == 0
    assert "alike" in retyped["evidence"]


@pytest.mark.slow
def test_copies_change_no_grade_and_reach_the_csv_and_the_report(copied_class):
    results = json.loads((copied_class / "r.json").read_text())
    scores = {_learner(s["path"]): s["score"] for s in results["submissions"]}
    assert scores["bob"] == scores["alice"] == scores["carol"] == scores["honest0"]
    assert scores["dave"] == scores["erin"] < scores["honest0"]
    dave = next(s for s in results["submissions"] if _learner(s["path"]) == "dave")
    # q1 is a mistake the lesson declares; q7, right from that q1, carries credit forward
    # and is no odd wrong answer (the copy check counts only undiagnosed ones)
    assert dave["wrong_answers"] == {"q2": "3.33333", "q5": "7.77"}
    exercises = {e["id"]: e for e in dave["exercises"]}
    assert exercises["q1"]["status"] == "incorrect"
    assert exercises["q7"]["carried_from"] == ["q1"]
    with open(copied_class / "copies.csv", encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert len(rows) == 4 and {r["learner"] for r in rows} >= {"alice", "dave"}
    assert rows[0]["evidence"] and rows[0]["path"].endswith(".ipynb")
    report = (copied_class / "report.html").read_text()
    assert "Possible copies" in report and "the same rare wrong answers" in report


def test_answer_statements_are_left_out_of_the_code_compared():
    answers = frozenset({"company_share"})
    other_way = ['company_share = 100 * ck.figure("a") / ck.figure("b")  # mine']
    assert pieces(other_way, answers) == set()
    mine = 'print("share:", round(company_share, 1))'
    assert pieces([*other_way, mine], answers) == pieces(['print("share:", round(x, 1))']) != set()


def test_the_order_of_runs_marks_a_file_when_it_has_five_jumps():
    worked = (3, 9, None, 12, 4, 5, 20, 17)
    assert Work("a", "02", [], runs=worked).file_marks() == {"runs [3, 9, 12, 4, 5, 20, 17]"}
    assert Work("a", "02", [], runs=(3, 9, 12, 4, 5, 6, 7)).file_marks() == set()
    assert Work("a", "02", [], runs=(1, 2, 3)).file_marks() == set()
    assert Work("a", "02", [], runs=(None, None)).file_marks() == set()
    same = [Work(f"h{n}", "02", [], runs=(1, 2, 3)) for n in range(4)]
    same += [Work("x", "02", [], runs=worked), Work("y", "02", [], runs=worked)]
    assert [(c["first"], c["second"]) for c in find_copies(same)] == [("x", "y")]


def test_the_copies_file_runs_no_formula_and_needs_a_copy_check(tmp_path):
    from coursekit.exporters import Batch, ExportError, get_exporter
    from coursekit.grading.results import SubmissionGrade

    paths = ["c/=HYPERLINK(1)/02_percentages.ipynb", "c/bob/02_percentages.ipynb"]
    grades = [SubmissionGrade(p, "02_percentages", "graded", None, 1, 1) for p in paths]
    pair = {"lesson": "02_percentages", "first": paths[0], "second": paths[1],
            "code_alike": 0.9, "shared_code": 40, "shared_cells": 0,
            "wrong_answers": ["q1: -3"], "evidence": "=cmd"}
    exporter = get_exporter("copies")
    exporter.write(Batch(grades, copies=[pair]), tmp_path / "copies.csv")
    with open(tmp_path / "copies.csv", encoding="utf-8-sig", newline="") as stream:
        row = next(csv.DictReader(stream))
    assert row["evidence"] == "'=cmd" and row["path"].startswith("c/=")
    assert not row["learner"].startswith("=") and row["code_alike"] == "0.9"
    with pytest.raises(ExportError, match="no copy check"):
        exporter.write(Batch(grades), tmp_path / "none.csv")


@pytest.mark.slow
def test_saved_results_keep_their_pairs_for_a_later_export(copied_class, tmp_path):
    assert cli.main(["export", str(copied_class / "r.json"),
                     "--export", f"copies:{tmp_path / 'again.csv'}"]) == 0
    assert (tmp_path / "again.csv").read_bytes() == (copied_class / "copies.csv").read_bytes()


@pytest.mark.slow
def test_benchmark_measures_the_copy_check():
    run = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "copy_check.py"),
                          "--students", "120", "--rounds", "1"],
                         capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 0, run.stdout + run.stderr[-3000:]
    assert re.search(r"copy check, median of 1\s+[\d.]+ s", run.stdout), run.stdout
    assert re.search(r"other pairs reported\s+0\n", run.stdout), run.stdout

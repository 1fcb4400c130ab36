"""Versions: release stamps, versions in results, mismatches flagged, what a regrade changed."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import replace
from importlib import metadata

from coursekit import __version__
from coursekit.cli.app import main
from coursekit.grading.pipeline import GradeOptions, grade_paths
from coursekit.grading.regrade import changes
from coursekit.grading.results import ExerciseGrade, SubmissionGrade, from_json, to_json
from coursekit.grading.versions import (
    checks_hash,
    course_version,
    figures_hash,
    grader_versions,
    release_stamp,
    version_flags,
)
from coursekit.judging.status import Status
from coursekit.model.exercises import get_lesson, lessons
from coursekit.running.notebooks import find_notebooks, read, write
from reading_numbers import COURSE

from .conftest import LESSONS, ROOT

LESSON = "02_percentages"


def test_the_stamp_names_the_course_version_and_a_hash_of_the_figures():
    stamp = release_stamp()
    # the course's own version, which it declares: it ships with coursekit, whose version
    # is the framework's, so a framework release flags no notebook already handed out
    assert stamp["course_version"] == COURSE.version != ""
    assert re.fullmatch(r"[0-9a-f]{12}", stamp["figures_hash"])
    assert release_stamp("02_percentages") == {**stamp,
                                               "checks_hash": checks_hash(get_lesson(LESSON))}
    assert grader_versions() == {"grader": __version__, "course": COURSE.version,
                                 "figures": stamp["figures_hash"]}


def test_a_course_without_a_declared_version_has_its_distribution_s():
    undeclared = replace(COURSE, version="")
    assert course_version(undeclared) == metadata.version("coursekit")
    assert course_version(replace(COURSE, version="2.0")) == "2.0"


def test_the_hash_follows_the_figures(tmp_path, monkeypatch):
    real = figures_hash()
    for name in ("figures.csv", "timeline.csv"):
        shutil.copy(ROOT / "data" / name, tmp_path / name)
    monkeypatch.setenv("COURSEKIT_DATA", str(tmp_path))
    assert figures_hash() == real
    crlf = (tmp_path / "timeline.csv").read_bytes().replace(b"\n", b"\r\n")
    (tmp_path / "timeline.csv").write_bytes(crlf)
    assert figures_hash() == real  # line endings do not count
    text = (tmp_path / "figures.csv").read_text(encoding="utf-8")
    (tmp_path / "figures.csv").write_text(text.replace(",405,", ",406,"), encoding="utf-8")
    assert figures_hash() != real


def test_every_released_lesson_carries_the_stamp():
    for path in find_notebooks([LESSONS]):
        meta = read(path).metadata["coursekit"]
        assert {k: meta[k] for k in ("course_version", "figures_hash")} == release_stamp()
        assert meta["checks_hash"] == checks_hash(get_lesson(meta["lesson"]))


def test_the_checks_hash_follows_what_judges_an_answer():
    lesson = get_lesson(LESSON)
    real = checks_hash(lesson)
    assert re.fullmatch(r"[0-9a-f]{12}", real) and checks_hash(lesson) == real
    assert len({checks_hash(get_lesson(id)) for id in lessons()}) == len(lessons())
    first, *rest = lesson.exercises
    for changed in (replace(first, tolerance=first.tolerance + 0.5),
                    replace(first, points=first.points + 1),
                    replace(first, expected=lambda: 12.5),
                    replace(first, mistakes=first.mistakes[1:])):
        assert checks_hash(replace(lesson, exercises=(changed, *rest))) != real
    assert checks_hash(replace(lesson, exercises=(replace(first, title="Renamed"), *rest))
                       ) == real  # a title does not judge anything


def test_the_checks_hash_follows_a_criterion_s_words_and_is_the_same_in_every_process():
    """A rubric criterion's code is shared; what it judges by (its phrases, its number's
    tolerance, a chart rule's limits) lives in the values it closes over."""
    import coursekit as ck

    lesson = get_lesson(LESSON)
    real = checks_hash(lesson)
    written = next(e for e in lesson.exercises if e.kind == "written")
    scored = next(c for c in written.rubric if not c.penalty)
    rest = tuple(c for c in written.rubric if c is not scored)

    def judged_with(*criteria: ck.Criterion) -> str:
        rubric = (*criteria, *rest)
        return checks_hash(replace(lesson, exercises=tuple(
            replace(e, rubric=rubric) if e is written else e for e in lesson.exercises)))

    number = (ck.states_number(lambda: 88.9, tolerance, "the share", points=scored.points)
              for tolerance in (0.05, 0.5))
    assert len({real, *map(judged_with, number)}) == 3
    avoided = (ck.avoids([phrase], "not a rise") for phrase in ("rise of 300", "rise of 200"))
    assert len({real, *(judged_with(scored, c) for c in avoided)}) == 3
    # no address or hash seed in it: every process (grader, release, a TA's) agrees
    script = ("from coursekit.grading.versions import checks_hash;"
              "from coursekit.model.exercises import lessons;"
              "print([checks_hash(lesson) for _, lesson in sorted(lessons().items())])")
    seen = {subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                           check=True, env={**os.environ, "PYTHONHASHSEED": seed}).stdout
            for seed in ("1", "2")}
    assert len(seen) == 1 and real in seen.pop()


def test_only_another_version_is_flagged():
    graded = grader_versions()
    current = release_stamp()
    assert version_flags(current, graded) == []
    assert version_flags({}, graded) == []  # released before stamps existed: nothing to compare
    old = version_flags({**current, "figures_hash": "000000000000"}, graded)
    assert [(f["reason"], f["exercise"], f["cell"]) for f in old] == [("version", None, None)]
    assert "000000000000" in old[0]["detail"] and graded["figures"] in old[0]["detail"]
    assert version_flags({**current, "course_version": "0.0.1"}, graded)


def test_results_record_versions_and_flag_an_old_release(tmp_path):
    notebook = read(LESSONS / "02_percentages.ipynb")
    write(notebook, tmp_path / "alice.ipynb")
    notebook.metadata["coursekit"]["course_version"] = "0.0.1"
    write(notebook, tmp_path / "bob.ipynb")
    notebook.metadata["coursekit"]["course_version"] = COURSE.version
    notebook.metadata["coursekit"]["checks_hash"] = "000000000000"  # before a check changed
    write(notebook, tmp_path / "carol.ipynb")
    alice, bob, carol = grade_paths([tmp_path / f"{n}.ipynb" for n in ("alice", "bob", "carol")],
                                    GradeOptions(jobs=2))
    graded = {**grader_versions(), "checks": checks_hash(get_lesson(LESSON))}
    assert alice.versions == bob.versions == carol.versions == graded
    assert alice.flags == [] and [f["reason"] for f in bob.flags] == ["version"]
    assert [f["reason"] for f in carol.flags] == ["version"]
    assert "released with checks 000000000000" in carol.flags[0]["detail"]
    assert json.loads(to_json([alice]))["submissions"][0]["versions"] == graded


def grade(path: str, *exercises: tuple[str, Status, float, str]) -> SubmissionGrade:
    """A graded submission of lesson 02 with these exercises (id, status, points, feedback)."""
    graded = [ExerciseGrade(id, status, points, 1, feedback)
              for id, status, points, feedback in exercises]
    return SubmissionGrade(path, "02_percentages", "graded", None,
                           sum(e.points for e in graded), 2, graded)


OLD = [grade("subs/alice.ipynb", ("q1", Status.CORRECT, 1, "ok"),
             ("q2", Status.INCORRECT, 0, "5: not what the data give")),
       grade("subs/bob.ipynb", ("q1", Status.CORRECT, 1, "ok"), ("q2", Status.CORRECT, 1, "ok"))]
NEW = [grade("subs/alice.ipynb", ("q1", Status.CORRECT, 1, "ok"),
             ("q2", Status.CORRECT, 1, "5 matches")),
       grade("subs/bob.ipynb", ("q1", Status.CORRECT, 1, "fine"), ("q2", Status.CORRECT, 1, "ok")),
       grade("subs/carol.ipynb", ("q1", Status.CORRECT, 1, "ok"))]


def test_changes_per_learner_and_exercise():
    assert [str(c) for c in changes(OLD, NEW)] == [
        "alice  02_percentages  q2: incorrect 0/1 -> correct 1/1",
        "alice  02_percentages  total: 1/2 -> 2/2",
        "bob  02_percentages  q1 feedback: ok -> fine",
        "carol  02_percentages  submission: absent -> graded",
    ]
    assert changes(NEW, NEW) == []


def test_diff_command(tmp_path, capsys):
    (tmp_path / "old.json").write_text(to_json(OLD), encoding="utf-8")
    (tmp_path / "new.json").write_text(to_json(NEW), encoding="utf-8")
    assert main(["diff", str(tmp_path / "old.json"), str(tmp_path / "new.json")]) == 1
    out = capsys.readouterr().out
    assert "alice  02_percentages  q2: incorrect 0/1 -> correct 1/1" in out and "carol" in out
    assert main(["diff", str(tmp_path / "old.json"), str(tmp_path / "old.json")]) == 0
    assert capsys.readouterr().out == "no changes\n"
    assert main(["diff", str(tmp_path / "old.json"), str(tmp_path / "missing.json")]) == 2


def test_diff_says_which_lessons_were_graded_with_other_checks(tmp_path, capsys):
    def checked(grades, checks):
        return [replace(g, versions={"checks": checks}) for g in grades]

    (tmp_path / "old.json").write_text(to_json(checked(OLD, "aaaaaaaaaaaa")), encoding="utf-8")
    (tmp_path / "new.json").write_text(to_json(checked(NEW, "bbbbbbbbbbbb")), encoding="utf-8")
    assert main(["diff", str(tmp_path / "old.json"), str(tmp_path / "new.json")]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("02_percentages: graded with other checks (aaaaaaaaaaaa -> "
                               "bbbbbbbbbbbb)")
    assert lines[1] == "alice  02_percentages  q2: incorrect 0/1 -> correct 1/1"


def test_results_written_before_flags_and_versions_still_read():
    document = json.loads(to_json(OLD))
    for submission in document["submissions"]:
        del submission["flags"], submission["versions"]
    old = from_json(json.dumps(document))
    assert [(g.flags, g.versions) for g in old] == [([], {}), ([], {})]
    assert [g.exercises for g in old] == [g.exercises for g in OLD]

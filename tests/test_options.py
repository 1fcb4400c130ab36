"""One grading run's options: validated in one place, the same from every face, and a
class's config file under the flags."""

from __future__ import annotations

import json
import re
import zipfile

import pytest

from coursekit.cli import app as cli
from coursekit.cli.options import with_class_config
from coursekit.grading import pipeline
from coursekit.grading.config import ConfigError, find_config, read_config
from coursekit.grading.options import GradeOptions
from coursekit.grading.results import SubmissionGrade, to_json
from coursekit.learner import selfgrade
from coursekit.model.exercises import get_lesson
from coursekit.running.notebooks import write

from .conftest import lesson_notebook, machine_points

LESSON = get_lesson("02_percentages")
CLASS = """\
timeout = 45
notebook-timeout = 400
jobs = 3
engine = "kernel"
sandbox = "off"
memory = "1G"
key-use = "zero"
variants = 2
variant-seed = 7
roster = "class/roster.csv"
late-penalty = 10
"""


@pytest.mark.parametrize(("settings", "message"), [
    ({"key_use": "x"}, "'key_use' must be one of ['flag', 'zero'] (got 'x')"),
    ({"timeout": 0}, "'timeout' must be a positive number of seconds (got 0)"),
    ({"notebook_timeout": "60"}, "'notebook_timeout' must be a positive number of seconds "
                                 "(got '60')"),
    ({"engine": "turbo"}, "'engine' must be one of ['fast', 'kernel'] (got 'turbo')"),
    ({"jobs": 0}, "'jobs' must be a whole number, at least 1 (got 0)"),
    ({"jobs": True}, "'jobs' must be a whole number, at least 1 (got True)"),
    ({"sandbox": "maybe"}, "'sandbox' must be one of ['auto', 'on', 'off'] (got 'maybe')"),
    ({"memory": 1000}, "'memory' must be a number of bytes, at least 67108864 (64M) (got 1000)"),
    ({"variants": -1}, "'variants' must be a whole number, 0 or more (got -1)"),
    ({"variant_seed": 1.5}, "'variant_seed' must be a whole number (got 1.5)"),
    ({"lesson": ""}, "'lesson' must be a lesson id (got '')"),
])
def test_invalid_options_are_refused_with_what_is_valid(settings, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        GradeOptions(**settings)


@pytest.mark.parametrize("options", [
    GradeOptions(),
    GradeOptions(jobs=1, sandbox="off"),
    GradeOptions(timeout=2.5, notebook_timeout=60, lesson="02_percentages", engine="kernel",
                 jobs=4, sandbox="on", memory=2**30, key_use="zero", variants=2,
                 variant_seed=-3),
])
def test_flags_give_the_same_options_to_coursekit_grade(options, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no class config file
    args = cli._parser().parse_args(["grade", "x.ipynb", *options.flags()])
    assert GradeOptions.from_settings(vars(with_class_config(args))) == options


def test_ex_grade_runs_coursekit_grade_with_its_options_only():
    """One job, no sandbox; every other setting is the grader's (or the class's file's)."""
    assert selfgrade.OPTIONS.flags() == ["--jobs", "1", "--no-sandbox"]


def test_the_config_file_is_the_nearest_and_coursekit_toml_comes_first(tmp_path):
    inner = tmp_path / "course" / "week1"
    inner.mkdir(parents=True)
    assert find_config(inner) is None and read_config(inner).settings == {}
    (tmp_path / "pyproject.toml").write_text("[tool.coursekit]\njobs = 2\n")
    (tmp_path / "course" / "pyproject.toml").write_text("[project]\nname = 'x'\n")  # no table
    assert find_config(inner) == tmp_path / "pyproject.toml"
    assert read_config(inner).settings == {"jobs": 2}
    (tmp_path / "coursekit.toml").write_text("jobs = 4\n")
    assert read_config(inner).settings == {"jobs": 4}


def test_flags_win_over_the_file_and_the_file_over_the_defaults(tmp_path, monkeypatch):
    (tmp_path / "coursekit.toml").write_text(CLASS)
    monkeypatch.chdir(tmp_path)
    config = read_config()
    assert config.settings["memory"] == 2**30
    assert config.settings["roster"] == tmp_path / "class" / "roster.csv"  # from the file
    assert config.grade_options(timeout=12.0, key_use=None) == GradeOptions(
        timeout=12.0, notebook_timeout=400, jobs=3, engine="kernel", sandbox="off",
        memory=2**30, key_use="zero", variants=2, variant_seed=7)
    args = with_class_config(cli._parser().parse_args(
        ["grade", "x.ipynb", "--jobs", "1", "--sandbox", "--late-penalty", "0"]))
    assert (args.jobs, args.sandbox, args.late_penalty, args.timeout) == (1, "on", 0, 45)
    (tmp_path / "coursekit.toml").write_text("variants = 1\n")
    assert read_config().grade_options() == GradeOptions(variants=1)


def test_coursekit_grade_grades_with_the_class_defaults(tmp_path, monkeypatch, capsys):
    (tmp_path / "coursekit.toml").write_text(CLASS.replace("roster", "# roster"))
    write(lesson_notebook("02_percentages.ipynb"), tmp_path / "alice.ipynb")
    monkeypatch.chdir(tmp_path)
    used = []
    stub = SubmissionGrade.failed("alice.ipynb", None, "not graded: the options were kept")
    monkeypatch.setattr(pipeline, "grade_stream", lambda paths, options, cluster: (
        used.append((options, cluster)), iter([(0, stub)]))[1])
    assert cli.main(["grade", "alice.ipynb", "--timeout", "9", "--format", "json"]) == 0
    assert used == [(GradeOptions(timeout=9.0, notebook_timeout=400, jobs=3, engine="kernel",
                                  sandbox="off", memory=2**30, key_use="zero", variants=2,
                                  variant_seed=7), None)]
    assert [s["path"] for s in json.loads(capsys.readouterr().out)["submissions"]] == [
        "alice.ipynb"]


def test_coursekit_export_takes_the_roster_from_the_file(tmp_path, monkeypatch, capsys):
    (tmp_path / "coursekit.toml").write_text("roster = 'class/roster.csv'\n")
    (tmp_path / "class").mkdir()
    (tmp_path / "class" / "roster.csv").write_text("learner\nAlice\n")  # matches 'alice'

    (tmp_path / "other.csv").write_text("name\nBob\n")
    (tmp_path / "results.json").write_text(to_json([SubmissionGrade.failed(
        "alice.ipynb", LESSON, "not a notebook")]))
    monkeypatch.chdir(tmp_path)
    assert cli.main(["export", "results.json", "--export", "csv:grades.csv"]) == 0
    assert "\nAlice,02_percentages," in (tmp_path / "grades.csv").read_text(encoding="utf-8-sig")
    assert cli.main(["export", "results.json", "--export", "table", "--roster", "other.csv"]) == 2
    assert "other.csv: a roster needs a header row with a 'learner' column" in (
        capsys.readouterr().err)


@pytest.mark.parametrize(("text", "message"), [
    ("key-use = 'x'\n", "coursekit.toml: 'key-use' must be one of ['flag', 'zero'] (got 'x')"),
    ("timout = 30\n", "coursekit.toml: unknown setting 'timout' (known: timeout, "),
    ("lesson = '02_percentages'\n", "coursekit.toml: unknown setting 'lesson'"),
    ("memory = 'lots'\n", "coursekit.toml: 'memory': "),
    ("late-penalty = 120\n", "coursekit.toml: 'late-penalty' must be a percentage from 0 to "
                             "100 (got 120)"),
    ("late-per = 'week'\n", "coursekit.toml: 'late-per' must be one of ['flat', 'day', "
                             "'hour'] (got 'week')"),
    ("late-grace = -5\n", "coursekit.toml: 'late-grace' must be a number of minutes, 0 or "
                           "more (got -5)"),
    ("roster = 3\n", "coursekit.toml: 'roster' must be a file (got 3)"),
    ("jobs = \n", "coursekit.toml: not valid TOML"),
])
def test_a_bad_config_file_is_a_message_naming_the_file_and_key(tmp_path, monkeypatch, capsys,
                                                                 text, message):
    (tmp_path / "coursekit.toml").write_text(text)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ConfigError, match=re.escape(message)):
        read_config()
    assert cli.main(["grade", str(tmp_path)]) == 2
    error = capsys.readouterr().err
    assert error.startswith("coursekit grade: ") and message in error
    assert "Traceback" not in error


def test_a_bad_pyproject_table_names_the_table(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[tool.coursekit]\nvariants = -2\n")
    with pytest.raises(ConfigError, match=re.escape(
            "pyproject.toml: [tool.coursekit]: 'variants' must be a whole number, 0 or more "
            "(got -2)")):
        read_config(tmp_path)
    (tmp_path / "pyproject.toml").write_text("[tool]\ncoursekit = 3\n")
    with pytest.raises(ConfigError, match=r"\[tool.coursekit\] must be a table"):
        read_config(tmp_path)


def test_the_gradescope_bundle_embeds_the_class_options(tmp_path, monkeypatch):
    (tmp_path / "coursekit.toml").write_text("timeout = 45\nkey-use = 'zero'\nvariants = 1\n")
    monkeypatch.chdir(tmp_path)
    wheel = tmp_path / "coursekit-9.9-py3-none-any.whl"
    wheel.write_bytes(b"a wheel")
    assert cli.main(["gradescope", LESSON.id, "-o", "ag.zip", "--wheel", str(wheel),
                     "--notebook-timeout", "90"]) == 0
    with zipfile.ZipFile(tmp_path / "ag.zip") as archive:
        script = archive.read("run_autograder").decode()
    assert (f"gradescope {LESSON.id} --run --timeout 45 --notebook-timeout 90 --key-use zero "
            "--variants 1 --variant-seed 0\n") in script
    args = cli._parser().parse_args(["gradescope", LESSON.id, "--run", *script.split(
        "--run ")[1].split()])
    assert GradeOptions.from_settings(vars(args)) == GradeOptions(
        timeout=45, notebook_timeout=90, lesson=LESSON.id, key_use="zero", variants=1)


def test_pytest_grade_builds_the_same_options(pytester):
    from coursekit.pytest_plugin import class_settings

    (pytester.path / "coursekit.toml").write_text("timeout = 45\njobs = 3\nroster = 'r.csv'\n")
    config = pytester.parseconfig("--grade-key-use", "zero", "--grade-variants", "2",
                                  "--grade-variant-seed", "5", "--grade-no-sandbox",
                                  "--grade-memory", "1G", "--grade-jobs", "1")
    assert class_settings(config) == (GradeOptions(
        timeout=45, jobs=1, sandbox="off", memory=2**30, key_use="zero", variants=2,
        variant_seed=5), pytester.path / "r.csv")


@pytest.mark.slow
def test_pytest_grade_refuses_bad_options_and_exports_like_coursekit_grade(pytester):
    write(lesson_notebook("02_percentages.ipynb"), pytester.path / "bob.ipynb")
    result = pytester.runpytest_subprocess("--grade", "--grade-timeout", "-1")
    assert result.ret == 4  # usage error
    result.stderr.fnmatch_lines(["*--grade: 'timeout' must be a positive number of seconds*"])
    result = pytester.runpytest_subprocess("--grade", "--grade-export", "nope")
    assert result.ret == 4 and "no exporter 'nope'" in result.stderr.str()
    (pytester.path / "coursekit.toml").write_text("key-use = 'sometimes'\n")
    result = pytester.runpytest_subprocess("--grade")
    assert result.ret == 4 and "coursekit.toml: 'key-use' must be one of" in result.stderr.str()

    (pytester.path / "coursekit.toml").write_text("sandbox = 'off'\n")
    result = pytester.runpytest_subprocess("--grade", "--grade-jobs", "1", "-p",
                                           "no:cacheprovider", "--grade-export",
                                           "json:out/results.json")
    assert result.ret == 0, result.stdout.str()
    result.stdout.fnmatch_lines(["coursekit: wrote json: out*results.json"])
    results = json.loads((pytester.path / "out" / "results.json").read_text())
    [bob] = results["submissions"]
    assert bob["path"].endswith("bob.ipynb") and bob["lesson"] == LESSON.id
    assert bob["sandboxed"] is False and bob["score"] == machine_points(LESSON.id)

"""The command line: fast help, usage errors as messages, real bugs not hidden."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from coursekit.cli import app as cli
from coursekit.cli import grade

HEAVY = ("nbformat", "nbclient", "jupyter_client", "pandas", "matplotlib",
         "coursekit.grading.pipeline",
         "coursekit.running.engines", "coursekit.exporters.report")


def imported_by(code: str) -> set[str]:
    """The modules Python imports to run ``code`` (from ``-X importtime``)."""
    run = subprocess.run([sys.executable, "-X", "importtime", "-c", code], capture_output=True,
                         text=True, check=True)
    return {line.rsplit("|", 1)[-1].strip() for line in run.stderr.splitlines()
            if line.startswith("import time:")}


def test_help_imports_no_notebook_or_table_library():
    modules = imported_by("import sys; from coursekit.cli.app import main\n"
                          "try:\n    main(['--help'])\nexcept SystemExit:\n    pass")
    assert not modules & set(HEAVY)


def test_import_coursekit_imports_no_grader():
    modules = imported_by("import coursekit")
    assert not modules & {"coursekit.grading.pipeline", "coursekit.running.engines",
                          "coursekit.exporters.report"}


def test_old_flags_are_aliases_of_export():
    args = cli._parser().parse_args(["grade", "x", "--format", "json", "--output", "r.json",
                                     "--csv", "g.csv", "--feedback", "fb"])
    assert grade.export_specs(args) == ["json:r.json", "csv:g.csv", "feedback:fb"]
    args = cli._parser().parse_args(["grade", "x"])
    assert grade.export_specs(args) == ["table"]
    args = cli._parser().parse_args(["grade", "x", "--export", "csv:g.csv"])
    assert grade.export_specs(args) == ["csv:g.csv"]


def test_usage_errors_are_messages(tmp_path, capsys):
    notebook = tmp_path / "x.ipynb"
    notebook.write_text("{}", encoding="utf-8")
    assert cli.main(["grade", str(notebook), "--export", "nope"]) == 2
    assert "no exporter 'nope'" in capsys.readouterr().err
    assert cli.main(["grade", str(notebook), "--export", "csv"]) == 2
    assert "needs a file: --export csv:PATH" in capsys.readouterr().err
    assert cli.main(["export", str(tmp_path / "missing.json"), "--export", "table"]) == 2
    assert "missing.json" in capsys.readouterr().err


def test_a_bug_is_not_turned_into_a_usage_error(monkeypatch):
    def broken(args):
        raise KeyError("a bug")

    monkeypatch.setattr("coursekit.cli.export.run", broken)
    with pytest.raises(KeyError):
        cli.main(["export", "--list"])


def test_every_error_is_a_coursekit_error_and_keeps_its_old_base():
    """The command catches UsageError, listing no class by hand; code that caught the
    standard errors (ValueError, KeyError ...) still catches them."""
    from coursekit.authoring.release import ReleaseError
    from coursekit.base.errors import CoursekitError, UsageError
    from coursekit.exporters import ExportError
    from coursekit.grading.deadlines import DeadlinesError
    from coursekit.grading.identity import RosterError
    from coursekit.grading.results import ResultsError
    from coursekit.grading.reviews import ReviewsError
    from coursekit.judging.judges import JudgeError
    from coursekit.model.course import CourseError
    from coursekit.model.data import DataError, UnknownFigureError
    from coursekit.model.exercises import UnknownLessonError
    from coursekit.running.jobs import GradingError
    from coursekit.running.notebooks import NotebookError
    from coursekit.running.sandbox import SandboxUnavailable

    usage = {CourseError: LookupError, UnknownLessonError: KeyError, DataError: ValueError,
             UnknownFigureError: KeyError, SandboxUnavailable: RuntimeError,
             NotebookError: ValueError, ExportError: ValueError, ReleaseError: ValueError,
             DeadlinesError: ValueError, ReviewsError: ValueError, ResultsError: ValueError,
             RosterError: ValueError}
    for error, old in usage.items():
        assert issubclass(error, UsageError) and issubclass(error, old), error
    for error in (JudgeError, GradingError):  # results of one exercise or submission
        assert issubclass(error, CoursekitError) and issubclass(error, RuntimeError)
        assert not issubclass(error, UsageError)
    assert str(UnknownLessonError("no lesson 'x'")) == "no lesson 'x'"  # not KeyError's repr


def test_any_usage_error_is_a_message_and_exit_2(monkeypatch, capsys):
    from coursekit.base.errors import UsageError

    def wrong(args):
        raise UsageError("scores.csv: no 'path' column")

    monkeypatch.setattr("coursekit.cli.export.run", wrong)
    assert cli.main(["export", "--list"]) == 2
    assert capsys.readouterr().err == "coursekit export: scores.csv: no 'path' column\n"


def test_verbose_and_log_file(monkeypatch, tmp_path, capsys):
    """Warnings show by default; -v adds coursekit's INFO, -vv its DEBUG; --log-file keeps
    them too, with time, level and logger."""
    import logging

    def chatty(args):
        log = logging.getLogger("coursekit.running.forks")
        log.debug("some detail")
        log.info("some progress")
        log.warning("a warning")
        print("the output")
        return 0

    monkeypatch.setattr("coursekit.cli.export.run", chatty)
    assert cli.main(["export", "--list"]) == 0
    assert capsys.readouterr() == ("the output\n", "coursekit export: a warning\n")
    assert cli.main(["-v", "export", "--list"]) == 0
    assert capsys.readouterr().err == ("coursekit export: some progress\n"
                                       "coursekit export: a warning\n")
    log_file = tmp_path / "grading.log"
    handlers, level = list(logging.getLogger().handlers), logging.getLogger("coursekit").level
    assert cli.main(["-vv", "--log-file", str(log_file), "export", "--list"]) == 0
    assert capsys.readouterr().err.splitlines()[0] == "coursekit export: some detail"
    kept = log_file.read_text(encoding="utf-8").splitlines()
    assert [line.split(" ", 2)[2] for line in kept] == [
        "DEBUG coursekit.running.forks: some detail",
        "INFO coursekit.running.forks: some progress",
        "WARNING coursekit.running.forks: a warning"]
    assert logging.getLogger().handlers == handlers, "main() puts the logging back"
    assert logging.getLogger("coursekit").level == level
    with pytest.raises(SystemExit) as stopped:
        cli.main(["--log-file", str(tmp_path / "no" / "such.log"), "export", "--list"])
    assert stopped.value.code == 2
    assert "--log-file" in capsys.readouterr().err


def test_without_bubblewrap_sandbox_insists_and_auto_warns(tmp_path):
    """--sandbox stops with what is missing; the default grades without it and says so."""
    import json
    import os
    import shutil

    from .conftest import SOLUTIONS

    shutil.copy(SOLUTIONS / "01_reading_numbers.ipynb", tmp_path / "alice.ipynb")
    env = {**os.environ, "PATH": str(tmp_path / "no-bwrap-here")}
    command = [sys.executable, "-m", "coursekit", "grade", str(tmp_path / "alice.ipynb")]
    insisted = subprocess.run([*command, "--sandbox"], capture_output=True, text=True, env=env)
    assert insisted.returncode == 2
    assert "needs bubblewrap ('bwrap'), which is not installed" in insisted.stderr
    auto = subprocess.run([*command, "--format", "json"], capture_output=True, text=True,
                          env=env)
    assert auto.returncode == 0, auto.stderr
    assert "grading WITHOUT the sandbox" in auto.stderr
    assert json.loads(auto.stdout)["submissions"][0]["sandboxed"] is False
    table = subprocess.run([*command, "--no-sandbox"], capture_output=True, text=True, env=env)
    assert table.stdout.startswith("graded WITHOUT the sandbox")


@pytest.mark.parametrize("unbuffered", ["", "1"])
@pytest.mark.parametrize("args", [["export", "--list"], ["--help"]])
def test_a_reader_that_stops_reading_ends_it_quietly(args, unbuffered):
    """``coursekit ... | head``: no traceback when the pipe closes."""
    env = {**os.environ, "PYTHONUNBUFFERED": unbuffered}
    process = subprocess.Popen([sys.executable, "-m", "coursekit", *args], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    process.stdout.close()  # before it writes anything
    # 1, as the Python documentation's recipe exits; argparse (from Python 3.11) ignores the
    # error itself when its help text reaches the pipe at once
    ignored_by_argparse = args == ["--help"] and unbuffered and sys.version_info >= (3, 11)
    assert process.wait(timeout=60) == (0 if ignored_by_argparse else 1)
    assert process.stderr.read() == b""
    process.stderr.close()


def test_grading_imports_no_kernel_or_chart_library():
    """The fast engine's grader reads, checks and writes results: kernels (nbclient) and
    charts (matplotlib, seaborn) are the notebooks' business, in their own processes."""
    from .conftest import SOLUTIONS

    modules = imported_by(
        "import sys; from coursekit.cli.app import main\n"
        f"main(['grade', {str(SOLUTIONS / '01_reading_numbers.ipynb')!r}, '--no-sandbox', "
        "'--format', 'json', '--output', '/dev/null'])")
    assert "coursekit.grading.pipeline" in modules
    assert not modules & {"nbclient", "jupyter_client", "matplotlib", "seaborn"}


def test_execute_names_the_cell_that_failed(tmp_path, capsys):
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

    from coursekit.running.notebooks import write

    path = tmp_path / "broken.ipynb"
    write(new_notebook(cells=[new_markdown_cell("# a title"), new_code_cell("x = 1"),
                              new_code_cell("\ny = undefined_name + x")]), path)
    before = path.read_text(encoding="utf-8")
    assert cli.main(["execute", str(path)]) == 1
    assert (f"coursekit execute: {path}: cell 3 ('y = undefined_name + x') failed, nothing "
            "written: NameError: name 'undefined_name' is not defined") in capsys.readouterr().err
    assert path.read_text(encoding="utf-8") == before


def test_ctrl_c_ends_a_command_with_a_line_and_code_130_not_a_traceback(monkeypatch, capsys):
    from coursekit.cli import report

    def interrupted(args):
        raise KeyboardInterrupt

    monkeypatch.setattr(report, "run", interrupted)
    assert cli.main(["report", "results.json", "--html", "r.html"]) == 130
    err = capsys.readouterr().err
    assert "coursekit report: interrupted" in err and "Traceback" not in err

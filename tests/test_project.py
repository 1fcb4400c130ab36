"""Project promises: a two-command quickstart, and CI runs the README's test command."""

from __future__ import annotations

from .conftest import ROOT, quickstart_commands


def test_quickstart_has_exactly_two_commands():
    commands = quickstart_commands()
    assert len(commands) == 2
    assert commands[0].endswith("jupyter lab lessons/")
    assert commands[1].endswith("pytest")


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert quickstart_commands()[1] in ci

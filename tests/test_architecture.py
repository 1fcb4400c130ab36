"""The framework's wings: each says what it is for, the import contracts hold, one facade."""

from __future__ import annotations

import importlib
import pkgutil
import subprocess
import sys
from pathlib import Path

import coursekit

from .conftest import ROOT

WINGS = sorted(info.name for info in pkgutil.iter_modules(coursekit.__path__) if info.ispkg)


def test_the_import_contracts_hold():
    linter = Path(sys.executable).with_name("lint-imports")
    done = subprocess.run([str(linter)], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout


def test_every_wing_says_what_it_is_for_and_what_it_may_import():
    assert WINGS == ["authoring", "base", "cli", "exporters", "grading", "judging", "learner",
                     "model", "platforms", "running"]
    for wing in WINGS:
        doc = importlib.import_module(f"coursekit.{wing}").__doc__ or ""
        first, _, rest = doc.partition("\n")
        assert first.strip(), f"coursekit.{wing} has no summary line"
        assert "Imports" in rest or "import" in rest, f"coursekit.{wing} does not say what it "\
                                                      "may import"


def test_the_facade_lists_every_public_name_once_and_each_resolves():
    public = coursekit._PUBLIC
    assert len(set(coursekit.__all__)) == len(coursekit.__all__)
    assert set(coursekit.__all__) == {"__version__", "questions", *public}
    for name, module in public.items():
        source = importlib.import_module(f"coursekit.{module}")
        assert name in source.__all__, f"{name} is not public in coursekit.{module}"
        assert getattr(coursekit, name) is getattr(source, name)
    assert set(dir(coursekit)) >= set(coursekit.__all__)


def test_the_version_is_the_distribution_s():
    from importlib.metadata import version

    assert coursekit.__version__ == version("coursekit")

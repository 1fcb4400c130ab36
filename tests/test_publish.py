"""The learners' publication: a branch of its own with lessons, data and install files only;
``coursekit link`` and the GitHub Classroom template take it by default."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from coursekit.cli.app import main

from .conftest import clean_env

REQUIREMENT = "coursekit @ git+https://github.com/example/reading-numbers"


def git(*args: str, cwd: Path) -> str:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True,
                          env=clean_env()).stdout


def cell_sources(text: str) -> str:
    """A notebook's cells' sources, one after the other."""
    return "\n".join("".join(c["source"]) for c in json.loads(text)["cells"])


@pytest.fixture
def repo(course_copy, tmp_path) -> Path:
    """A git repository of the course, as a teacher's clone holds it."""
    root = tmp_path / "reading-numbers"
    shutil.copytree(course_copy, root, ignore=shutil.ignore_patterns(".venv", "build"))
    git("init", "--quiet", "--initial-branch", "main", cwd=root)
    git("add", "--all", cwd=root)
    git("-c", "user.name=T", "-c", "user.email=t@example.edu", "commit", "--quiet", "-m",
        "course", cwd=root)
    return root


def test_the_branch_holds_what_learners_get_and_nothing_of_the_key(repo, capsys):
    head = git("rev-parse", "HEAD", cwd=repo)
    assert main(["publish", "--root", str(repo), "--install", REQUIREMENT]) == 0
    assert "branch learners: now at" in capsys.readouterr().out
    files = git("ls-tree", "-r", "--name-only", "learners", cwd=repo).split()
    assert sorted({f.split("/")[0] for f in files}) == [
        "LICENSE", "LICENSE-CONTENT", "README.md", "binder", "data", "lessons",
        "requirements.txt"]
    assert sorted(f for f in files if f.startswith("lessons/")) == sorted(
        f"lessons/{p.name}" for p in (repo / "lessons").glob("*.ipynb"))
    assert git("show", "learners:requirements.txt", cwd=repo) == REQUIREMENT + "\n"
    published = "\n".join(cell_sources(git("show", f"learners:{f}", cwd=repo))
                          for f in files if f.endswith(".ipynb"))
    solutions = [line.strip() for path in sorted((repo / "solutions").glob("*.ipynb"))
                 for block in cell_sources(path.read_text()).split("# BEGIN SOLUTION")[1:]
                 for line in block.split("# END SOLUTION")[0].splitlines()
                 if len(line.strip()) > 25]
    released = "\n".join(cell_sources(p.read_text()) for p in (repo / "lessons").glob("*.ipynb"))
    solutions = [line for line in solutions if line not in released]  # only in solutions/
    assert len(solutions) > 20, "the search finds the worked solutions where they are"
    assert [s for s in solutions if s in published] == []
    assert "# BEGIN SOLUTION" not in published
    # the teacher's work tree, index and branch are as they were
    assert git("rev-parse", "HEAD", cwd=repo) == head
    assert git("status", "--porcelain", cwd=repo) == ""
    assert main(["publish", "--root", str(repo), "--install", REQUIREMENT]) == 0
    assert "branch learners: unchanged" in capsys.readouterr().out


def test_an_assessment_ships_its_key_free_wheel(repo, tmp_path):
    wheel = tmp_path / "coursekit-0.1.0+keyfree-py3-none-any.whl"
    wheel.write_bytes(b"a wheel")
    exam = repo / "exam"
    exam.mkdir()
    shutil.copy2(repo / "lessons" / "02_percentages.ipynb", exam)
    assert main(["publish", "--root", str(repo), str(exam), "--wheel", str(wheel),
                 "--branch", "exam"]) == 0
    files = git("ls-tree", "-r", "--name-only", "exam", cwd=repo).split()
    assert "exam/02_percentages.ipynb" in files and f"install/{wheel.name}" in files
    assert not [f for f in files if f.startswith("lessons/")]
    assert git("show", "exam:requirements.txt", cwd=repo) == f"./install/{wheel.name}\n"


def test_solutions_and_a_publication_without_an_install_are_refused(repo, capsys):
    assert main(["publish", "--root", str(repo), str(repo / "solutions"),
                 "--install", REQUIREMENT]) == 2
    assert "solutions are never published" in capsys.readouterr().err
    assert main(["publish", "--root", str(repo)]) == 2
    assert "--install" in capsys.readouterr().err


def test_link_and_the_classroom_template_take_the_publication(repo, tmp_path, capsys):
    assert main(["link", "--hub", "https://hub.example.edu", "--repo",
                 "https://github.com/example/reading-numbers", "02_percentages"]) == 0
    assert "&branch=learners&" in capsys.readouterr().out
    assert main(["publish", "--root", str(repo), "--install", REQUIREMENT]) == 0
    (repo / "lessons" / "02_percentages.ipynb").write_text("{}")  # the teacher's own copy
    template = tmp_path / "template"
    assert main(["classroom", "02_percentages", "--install", REQUIREMENT, "--template",
                 str(template), "--root", str(repo)]) == 0
    notebook = json.loads((template / "02_percentages.ipynb").read_text(encoding="utf-8"))
    assert notebook["metadata"]["coursekit"]["lesson"] == "02_percentages"
    flow = (template / ".github" / "workflows" / "classroom.yml").read_text(encoding="utf-8")
    assert "pytest --grade 02_percentages.ipynb::q1" in flow

"""solutions -> lessons: each transform, the whole chain, byte stability and --check."""

from __future__ import annotations

import shutil

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from coursekit.authoring import release
from coursekit.cli.app import main
from coursekit.grading.versions import release_stamp
from coursekit.running.notebooks import read, to_text

from .conftest import FIXTURES, LESSONS, SOLUTIONS


def notebook_with(*sources):
    return new_notebook(cells=[new_code_cell(s) for s in sources])


def test_solution_block_becomes_one_placeholder_per_assigned_name():
    nb = release.blank_solutions(notebook_with(
        "# BEGIN SOLUTION\nshare = 3 / 4\nlabel: str = 'x'\nshare = share * 100\n# END SOLUTION"))
    assert nb.cells[0].source == "share = ...\nlabel = ..."


def test_block_without_assignment_becomes_ellipsis_keeping_indentation():
    nb = release.blank_solutions(notebook_with(
        "def f(x):\n    # BEGIN SOLUTION\n    return x * 2\n    # END SOLUTION\nf(1)"))
    assert nb.cells[0].source == "def f(x):\n    ...\nf(1)"


def test_text_around_blocks_is_kept():
    nb = release.blank_solutions(notebook_with(
        "# q1\n# BEGIN SOLUTION\na = 1\n# END SOLUTION\nprint(a)"))
    assert nb.cells[0].source == "# q1\na = ...\nprint(a)"


@pytest.mark.parametrize("source", ["# BEGIN SOLUTION\na = 1", "a = 1\n# END SOLUTION",
                                    "# BEGIN SOLUTION\na = (\n# END SOLUTION"])
def test_broken_markers_are_reported_with_the_cell(source):
    with pytest.raises(release.ReleaseError, match="cell 1"):
        release.blank_solutions(notebook_with("x = 1", source))


def test_solution_cells_are_dropped():
    nb = notebook_with("keep", "drop")
    nb.cells[1].metadata["tags"] = ["solution"]
    assert [c.source for c in release.drop_solution_cells(nb).cells] == ["keep"]


def test_outputs_and_run_metadata_are_cleared():
    nb = read(FIXTURES / "release_solution.ipynb")
    cleared = release.clear_outputs(nb)
    for cell in cleared.cells:
        assert "execution" not in cell.metadata
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None


def test_release_of_the_fixture():
    solution = read(FIXTURES / "release_solution.ipynb")
    before = to_text(solution)
    lesson = release.release_notebook(solution, "fixture")
    assert to_text(solution) == before, "the solution notebook must not change"
    assert [c.source for c in lesson.cells] == [
        "# Fixture lesson\nA tiny notebook for the release tests.",
        "import math\n\n# q1: the answer in percent\nshare = ...\nlabel = ...\nprint(share)",
        "def area(radius):\n    ...",
        "total = ...",
    ]
    assert lesson.metadata == {"coursekit": {"lesson": "fixture", **release_stamp()},
                               "kernelspec": {"display_name": "Python 3 (ipykernel)",
                                              "language": "python", "name": "python3"},
                               "language_info": {"name": "python"}}
    nbformat.validate(lesson)


def test_release_is_byte_stable(tmp_path):
    (tmp_path / "solutions").mkdir()
    shutil.copy(FIXTURES / "release_solution.ipynb", tmp_path / "solutions" / "fixture.ipynb")
    written = release.release(tmp_path / "solutions", tmp_path / "lessons")
    first = (tmp_path / "lessons" / "fixture.ipynb").read_bytes()
    assert written == [tmp_path / "lessons" / "fixture.ipynb"]
    assert release.release(tmp_path / "solutions", tmp_path / "lessons") == []
    assert (tmp_path / "lessons" / "fixture.ipynb").read_bytes() == first
    assert first.endswith(b"}\n") and b'"outputs": []' in first


def test_check_names_stale_and_orphan_lessons(tmp_path, capsys):
    solutions, lessons = tmp_path / "solutions", tmp_path / "lessons"
    solutions.mkdir()
    shutil.copy(FIXTURES / "release_solution.ipynb", solutions / "fixture.ipynb")
    args = ["release", "--solutions", str(solutions), "--lessons", str(lessons)]
    assert main([*args, "--check"]) == 1
    assert "out of date: " in capsys.readouterr().err
    assert main(args) == 0
    assert main([*args, "--check"]) == 0
    (lessons / "old.ipynb").write_text("{}", encoding="utf-8")
    assert main([*args, "--check"]) == 1
    assert "old.ipynb" in capsys.readouterr().err


def test_repository_lessons_are_up_to_date():
    assert main(["release", "--check", "--solutions", str(SOLUTIONS),
                 "--lessons", str(LESSONS)]) == 0


def test_a_release_of_some_lessons_writes_only_those(tmp_path, capsys):
    assert main(["release", "--solutions", str(SOLUTIONS), "--lessons", str(tmp_path / "out"),
                 "--lesson", "03_growth"]) == 0
    assert [p.name for p in (tmp_path / "out").glob("*.ipynb")] == ["03_growth.ipynb"]
    assert main(["release", "--solutions", str(SOLUTIONS), "--lessons", str(tmp_path / "out"),
                 "--lesson", "99_nothing"]) == 2
    assert "no solution notebook for 99_nothing" in capsys.readouterr().err
    assert main(["release", "--lessons", str(tmp_path / "x"), "--key-free", "dist"]) == 2
    assert "need --assessment" in capsys.readouterr().err


def test_every_way_a_block_binds_an_answer_leaves_its_placeholder():
    """The reviewer's case: ``fig, chart = plt.subplots()`` once became a bare ``...``."""
    block = ("# BEGIN SOLUTION\n{}\n# END SOLUTION")
    cases = {
        "fig, chart = plt.subplots()": "fig = ...\nchart = ...",
        "(a, [b, *rest]) = 1, [2, 3]": "a = ...\nb = ...\nrest = ...",
        "total += 1": "total = ...",
        "label: str = 'x'": "label = ...",
        "with open('f') as handle:\n    pass": "handle = ...",
        "for i, row in enumerate([]):\n    pass": "i = ...\nrow = ...",
        "import numpy as np, os.path\nfrom math import pi as PI": "np = ...\nos = ...\nPI = ...",
        "def helper(x):\n    y = x\n    return y": "helper = ...",
        "if True:\n    inner = 1": "inner = ...",
        "squares = [n * n for n in range(3)]": "squares = ...",
        "print('nothing bound')": "...",
    }
    for code, placeholder in cases.items():
        nb = release.blank_solutions(notebook_with(block.format(code)))
        assert nb.cells[0].source == placeholder, code


def test_a_lessons_answers_are_kept_and_other_unpacked_names_left_out():
    code = ("# BEGIN SOLUTION\nfig, chart = plt.subplots()\nfor x in []: pass\nkept = 2\n"
            "# END SOLUTION")
    nb = release.blank_solutions(notebook_with(code), answers=["chart"])
    assert nb.cells[0].source == "chart = ...\nkept = ..."


def test_a_written_answer_cell_marked_by_a_tag_is_blanked():
    from nbformat.v4 import new_markdown_cell

    from coursekit.model.written import PLACEHOLDER

    nb = new_notebook(cells=[new_markdown_cell("model answer"), new_markdown_cell("prose")])
    nb.cells[0].metadata["tags"] = ["answer:q9"]
    assert [c.source for c in release.blank_written_answers(nb).cells] == [PLACEHOLDER, "prose"]

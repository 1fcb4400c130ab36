"""Both engines run a job the same way, and leave no learner files behind."""

from __future__ import annotations

import pytest

from coursekit.engines import ENGINES, Job, Run


def job(id: int, *cells: str) -> Job:
    return Job(id, list(enumerate(cells)), ["answer"], cell_timeout=5, notebook_timeout=30)


@pytest.mark.parametrize("engine", sorted(ENGINES))
def test_engines_agree_and_clean_up(engine, tmp_path, monkeypatch):
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    jobs = [job(0, "answer = 6 * 7", "open('left.txt', 'w').write('x')"),
            job(1, "answer = ...", "1 / 0")]
    outcomes = dict(ENGINES[engine](jobs, 2))
    assert outcomes[0] == Run({"answer": {"type": "number", "value": 42.0}}, [])
    assert outcomes[1] == Run({"answer": {"type": "ellipsis"}},
                              [{"cell": 2, "error": "ZeroDivisionError: division by zero"}])
    assert not list(tmp_path.rglob("left.txt")), "work folders are deleted"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith("coursekit-")]


def test_job_keeps_code_cells_with_their_position():
    import nbformat

    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("m"),
                                               nbformat.v4.new_code_cell("x = 1")])
    assert Job.from_notebook(3, notebook, ["x"], 1, 2).cells == [(1, "x = 1")]

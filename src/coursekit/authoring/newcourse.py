"""``coursekit new``: a course package that installs, checks, releases and grades as it is.

The files come from the templates in ``templates/newcourse/``, with ``$course``, ``$dist``,
``$title`` and ``$lesson`` filled in (:class:`string.Template`). The solution notebook is
written in a plain text form (cells opened by ``# %% markdown`` or ``# %% code``, with the
cell's tags after it) and turned into a notebook here; the two sample submissions are made
from it: one answers everything, the other makes a slip and leaves two answers open.
"""

from __future__ import annotations

import copy
import keyword
from importlib import resources
from pathlib import Path
from string import Template

import nbformat
from nbformat import NotebookNode

from coursekit.authoring.release import bound_names, replace_blocks
from coursekit.base.errors import UsageError
from coursekit.model.answercells import marked_answer
from coursekit.model.written import PLACEHOLDER
from coursekit.running.notebooks import KERNEL, to_text

__all__ = ["SAMPLES", "new_course"]

#: Each template, and where its text goes in the new course's folder.
_FILES = {
    "pyproject.toml.tmpl": "pyproject.toml",
    "readme.md.tmpl": "README.md",
    "course_init.py.tmpl": "src/$course/__init__.py",
    "lessons_init.py.tmpl": "src/$course/lessons/__init__.py",
    "lesson.py.tmpl": "src/$course/lessons/budget.py",
    "figures.csv.tmpl": "data/figures.csv",
    "timeline.csv.tmpl": "data/timeline.csv",
    "data_readme.md.tmpl": "data/README.md",
    "test_course.py.tmpl": "tests/test_course.py",
}
#: The solution notebook's template, in the plain text form this module reads.
_SOLUTION = "solution.py.tmpl"

#: What the second sample does: answers given with a slip (by answer name), and the
#: answers it leaves open (answer names, or exercise ids as the answer cells' tags give
#: them); every other answer is the worked one.
_SLIPS = {"schools_percent": 'schools_percent = ck.figure("spending_schools") / '
                             'ck.figure("spending_total")\n'}
_LEFT_OPEN = ("chart", "q5")
#: The sample submissions, and the machine's score each gets (of 9 points; the teacher
#: scores the last point of q5).
SAMPLES = {"ada": 8.0, "ben": 3.0}


def _cells(text: str) -> list[NotebookNode]:
    """The cells of a notebook written as text: each opened by ``# %% KIND [TAG ...]``."""
    cells: list[NotebookNode] = []
    for chunk in text.split("# %% ")[1:]:
        head, _, source = chunk.partition("\n")
        kind, *tags = head.split()
        body = source.strip("\n")
        cell: NotebookNode = (nbformat.v4.new_code_cell(body) if kind == "code"
                              else nbformat.v4.new_markdown_cell(body))
        if tags:
            cell.metadata["tags"] = tags
        cell.id = f"cell-{len(cells)}"
        cells.append(cell)
    return cells


def _notebook(cells: list[NotebookNode], lesson: str) -> NotebookNode:
    """A notebook of these cells that says which lesson it is."""
    notebook: NotebookNode = nbformat.v4.new_notebook(cells=cells)
    notebook.metadata = NotebookNode({"coursekit": {"lesson": lesson},
                                      "kernelspec": dict(KERNEL),
                                      "language_info": {"name": "python"}})
    return notebook


def _sample(solution: NotebookNode, lesson: str, slips: dict[str, str],
            left_open: tuple[str, ...]) -> NotebookNode:
    """A learner's submission made from the solution: each solution block kept, given with
    a slip, or left as the learner's ``...``; the answer cells marked for ``left_open``
    answers (names or exercise ids) hold the placeholder."""
    def answer(indent: str, body: str) -> str:
        names = bound_names(body)
        slipped = [slips[name] for name in names if name in slips]
        if slipped:
            return "".join(slipped)
        if any(name in left_open for name in names):
            return "".join(f"{name} = ...\n" for name in names if name in left_open)
        return body

    notebook = _notebook(copy.deepcopy(solution.cells), lesson)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.source = replace_blocks(cell.source, answer)
        elif marked_answer(cell) in left_open:
            cell.source = PLACEHOLDER
    return notebook


def new_course(course: str, where: Path) -> list[Path]:
    """Write a new course called ``course`` into the folder ``where``; return its files.

    Raises UsageError if the name is no Python package name or the folder is not empty.
    """
    if not course.isidentifier() or keyword.iskeyword(course) or course != course.lower():
        raise UsageError(f"{course!r}: a course's name is a lower-case Python name, such as "
                         "city_budget (letters, digits and _, not starting with a digit)")
    if where.exists() and any(where.iterdir()):
        raise UsageError(f"{where}: the folder exists and is not empty; choose another")
    lesson = f"{course}_01"
    values = {"course": course, "dist": course.replace("_", "-"), "lesson": lesson,
              "title": course.replace("_", " ").capitalize()}
    templates = resources.files("coursekit.authoring").joinpath("templates/newcourse")
    texts = {Template(target).substitute(values):
             Template(templates.joinpath(name).read_text(encoding="utf-8")).substitute(values)
             for name, target in _FILES.items()}
    solution = _notebook(_cells(Template(templates.joinpath(_SOLUTION).read_text(
        encoding="utf-8")).substitute(values)), lesson)
    texts[f"solutions/{lesson}.ipynb"] = to_text(solution)
    texts["samples/ada.ipynb"] = to_text(_sample(solution, lesson, {}, ()))
    texts["samples/ben.ipynb"] = to_text(_sample(solution, lesson, _SLIPS, _LEFT_OPEN))
    written = []
    for name, text in texts.items():
        path = where / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written

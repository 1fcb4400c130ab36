"""Reading, writing and executing notebooks in the course's stable on-disk form."""

from __future__ import annotations

import subprocess
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbformat import NotebookNode

__all__ = ["KERNEL", "NotebookError", "execute", "find_notebooks", "read", "to_text", "write"]

#: The kernel every course notebook declares and runs with.
KERNEL = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


class NotebookError(ValueError):
    """A file is not a notebook this course can read; the message names the file."""


def read(path: str | Path) -> NotebookNode:
    """Read and validate a notebook as nbformat 4, or fail with a one-line reason."""
    path = Path(path)
    try:
        with open(path, encoding="utf-8") as stream:
            notebook = nbformat.read(stream, as_version=nbformat.NO_CONVERT)
    except FileNotFoundError:
        raise NotebookError(f"{path}: no such file") from None
    except UnicodeDecodeError:
        raise NotebookError(f"{path}: not a text file (it is not UTF-8 JSON)") from None
    except Exception as error:  # nbformat raises several types for non-notebook JSON
        reason = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise NotebookError(f"{path}: not a valid notebook ({reason})") from None
    if notebook.get("nbformat") != 4:
        raise NotebookError(f"{path}: nbformat must be 4 (got {notebook.get('nbformat')}); "
                            "open and save it in JupyterLab to convert it")
    try:
        nbformat.validate(notebook)
    except nbformat.ValidationError as error:
        raise NotebookError(f"{path}: not a valid notebook ({error.message})") from None
    return notebook


def to_text(notebook: NotebookNode) -> str:
    """The notebook as stored on disk: sorted keys, one-space indent, final newline."""
    return nbformat.writes(notebook) + "\n"


def write(notebook: NotebookNode, path: str | Path) -> None:
    """Write a notebook in the stable form of :func:`to_text`."""
    Path(path).write_text(to_text(notebook), encoding="utf-8")


def execute(notebook: NotebookNode, cwd: str | Path, timeout: float = 120) -> NotebookNode:
    """Run every cell in a fresh ``python3`` kernel, stopping at the first error."""
    client = NotebookClient(notebook, timeout=timeout, kernel_name=KERNEL["name"],
                            record_timing=False, resources={"metadata": {"path": str(cwd)}})
    return client.execute(stderr=subprocess.DEVNULL)  # kernel start-up chatter


def find_notebooks(paths: list[str | Path]) -> list[Path]:
    """The notebooks among paths, searching folders recursively and skipping checkpoints."""
    found: list[Path] = []
    for path in map(Path, paths):
        candidates = sorted(path.rglob("*.ipynb")) if path.is_dir() else [path]
        found += [p for p in candidates if ".ipynb_checkpoints" not in p.parts]
    return found

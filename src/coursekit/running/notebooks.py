"""Reading, writing and executing notebooks in the course's stable on-disk form."""

from __future__ import annotations

import os
import stat
import subprocess
from pathlib import Path
from typing import TextIO

import nbformat
from nbformat import NotebookNode

from coursekit.base.errors import UsageError

__all__ = ["KERNEL", "MAX_NOTEBOOK_BYTES", "NotebookError", "execute", "find_notebooks",
           "is_litter", "read", "to_text", "write"]

#: The kernel every course notebook declares and runs with.
KERNEL = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
#: The largest notebook file read (20 MiB); a larger one is refused before parsing.
MAX_NOTEBOOK_BYTES = 20 * 2**20


class NotebookError(UsageError, ValueError):
    """A file is not a notebook this course can read; the message names the file."""


def read(path: str | Path) -> NotebookNode:
    """Read and validate a notebook as nbformat 4, or fail with a one-line reason.

    Only a plain file is read: a symbolic link is refused, never followed, and so is a
    file over :data:`MAX_NOTEBOOK_BYTES`, before anything of it is parsed.
    """
    path = Path(path)
    try:
        with _open_plain(path) as stream:
            notebook: NotebookNode = nbformat.read(stream, as_version=nbformat.NO_CONVERT)
    except FileNotFoundError:
        raise NotebookError(f"{path}: no such file") from None
    except NotebookError:
        raise
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


def _open_plain(path: Path) -> TextIO:
    """The file opened for reading as text, if it is a plain file of a readable size."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError as error:
        if path.is_symlink():
            raise NotebookError(f"{path}: a symbolic link; submissions are read only as "
                                "plain files, never followed") from None
        raise error
    info = os.fstat(fd)
    problem = ("not a plain file" if not stat.S_ISREG(info.st_mode) else
               f"{info.st_size / 2**20:.0f} MiB, over the {MAX_NOTEBOOK_BYTES // 2**20} MiB "
               "limit for a notebook" if info.st_size > MAX_NOTEBOOK_BYTES else None)
    if problem:
        os.close(fd)
        raise NotebookError(f"{path}: {problem}; not read")
    return open(fd, encoding="utf-8")


def to_text(notebook: NotebookNode) -> str:
    """The notebook as stored on disk: sorted keys, one-space indent, final newline."""
    text: str = nbformat.writes(notebook)
    return text + "\n"


def write(notebook: NotebookNode, path: str | Path) -> None:
    """Write a notebook in the stable form of :func:`to_text`."""
    Path(path).write_text(to_text(notebook), encoding="utf-8")


def execute(notebook: NotebookNode, cwd: str | Path, timeout: float = 120) -> NotebookNode:
    """Run every cell in a fresh ``python3`` kernel, stopping at the first error."""
    from nbclient import NotebookClient  # only here: graders that never run kernels skip it

    client = NotebookClient(notebook, timeout=timeout, kernel_name=KERNEL["name"],
                            record_timing=False, resources={"metadata": {"path": str(cwd)}})
    return client.execute(stderr=subprocess.DEVNULL)  # kernel start-up chatter


def find_notebooks(paths: list[str | Path]) -> list[Path]:
    """The notebooks among paths, searching folders recursively and skipping what operating
    systems and editors leave beside them (:func:`is_litter`).

    Symbolic links inside a folder are never followed. A linked notebook, and any link
    that points outside the folder, is listed too, so that grading reports it as an error.
    A path named directly is kept unless it, or the folder holding it, is litter.
    """
    found: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            found += sorted(_walk(path))
        elif not (is_litter(path.name) or is_litter(path.parent.name)):
            found.append(path)
    return found


def is_litter(name: str) -> bool:
    """Whether a file or folder name is one a system or an editor leaves, never a submission.

    Hidden names: JupyterLab's ``.ipynb_checkpoints``, the ``._NAME`` AppleDouble files a
    zip made on macOS carries, editors' ``.~NAME`` copies, ``.git``; and the ``__MACOSX``
    folder of a macOS zip.

    >>> [n for n in ["02.ipynb", "._02.ipynb", ".ipynb_checkpoints", "__MACOSX"] if is_litter(n)]
    ['._02.ipynb', '.ipynb_checkpoints', '__MACOSX']
    """
    return name.startswith(".") or name == "__MACOSX"


def _walk(folder: Path) -> list[Path]:
    """The notebooks in a folder and its subfolders, and the links that must be reported;
    litter (:func:`is_litter`) is neither listed nor searched."""
    root = folder.resolve()
    found = []
    for parent, dirs, files in os.walk(folder):  # does not descend into linked folders
        dirs[:] = [name for name in dirs if not is_litter(name)]
        for name in dirs + [name for name in files if not is_litter(name)]:
            path = Path(parent, name)
            if path.is_symlink():
                if name.endswith(".ipynb") or not path.resolve().is_relative_to(root):
                    found.append(path)
            elif name in files and name.endswith(".ipynb"):
                found.append(path)
    return found

"""What learners get, on its own: the lessons, the data and the install files, no key.

``coursekit publish`` writes the learner-only publication into a folder and commits that
folder as the tip of a branch of its own (``learners`` by default) in the course's git
repository, without touching the work tree or the current branch. It holds:

- ``lessons/`` (and any assessment folder asked for): the learner notebooks, as released;
- ``data/``: the figures and timeline with their README (read them, cite them);
- ``requirements.txt`` and ``binder/``: what a hub image, Binder or a learner installs; a
  key-free wheel (``coursekit release --assessment --key-free``) is copied into ``install/``
  and named there;
- ``README.md`` for learners and the licences.

Never ``solutions/``, the course's source or its tests. ``coursekit link`` and the GitHub
Classroom template point at this branch by default, so nbgitpuller copies only this into a
learner's home.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from coursekit.base.errors import UsageError

__all__ = ["PublishError", "commit_folder", "publish"]

_LICENCES = ("LICENSE", "LICENSE-CONTENT")

_README = """# {title}: the learner's copy

Open the notebooks in `lessons/` in JupyterLab and work through them in order: each exercise
checks your answer with `ex.qN.check(...)`. The figures they use are in `data/`.

To work on your own machine, install what `requirements.txt` lists into a virtual
environment, then start JupyterLab:

```
python3 -m venv .venv && .venv/bin/pip install -r requirements.txt && .venv/bin/jupyter lab lessons/
```

This copy is made by `coursekit publish` from the course's repository; changes made here are
overwritten by the next publication.
"""


class PublishError(UsageError, ValueError):
    """The publication cannot be made: a folder is missing, or git refuses."""


def _git(repo: Path, *args: str, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True,
                          env={**os.environ, **(env or {})})
    if done.returncode != 0:
        raise PublishError(f"git {' '.join(args[:2])} in {repo}: {done.stderr.strip()}")
    return done.stdout.strip()


def commit_folder(repo: Path, folder: Path, branch: str, message: str) -> str | None:
    """Commit ``folder``'s files as the whole tree of ``branch`` of the repository at ``repo``.

    Uses a private index, so the work tree, the index and the current branch stay as they
    are. Returns the new commit, or None when the branch already holds exactly this tree.
    """
    with tempfile.TemporaryDirectory(prefix="coursekit-publish-") as tmp:
        env = {"GIT_INDEX_FILE": str(Path(tmp) / "index"), "GIT_WORK_TREE": str(folder)}
        _git(repo, "add", "--all", "--force", ".", env=env)
        tree = _git(repo, "write-tree", env=env)
    parent = subprocess.run(["git", "rev-parse", "--quiet", "--verify",
                             f"refs/heads/{branch}^{{commit}}"], cwd=repo,
                            capture_output=True, text=True).stdout.strip()
    if parent and _git(repo, "rev-parse", f"{parent}^{{tree}}") == tree:
        return None
    known = subprocess.run(["git", "config", "user.email"], cwd=repo, capture_output=True)
    who = {} if known.returncode == 0 else {  # a machine with no git identity (a CI runner)
        f"GIT_{role}_{part}": value for role in ("AUTHOR", "COMMITTER")
        for part, value in (("NAME", "coursekit publish"), ("EMAIL", "coursekit@localhost"))}
    commit = _git(repo, "commit-tree", tree, *(["-p", parent] if parent else []), "-m", message,
                  env=who)
    _git(repo, "update-ref", f"refs/heads/{branch}", commit)
    return commit


def publish(root: Path, folder: Path, notebooks: list[Path], install: list[str],
            wheels: list[Path], title: str) -> list[Path]:
    """Write the publication of the course checked out at ``root`` into ``folder`` (emptied
    first); return the files written.

    ``notebooks`` are the folders of learner notebooks to publish (``lessons/``, an
    assessment's folder), ``install`` the pip requirements learners install, ``wheels``
    key-free wheels to ship in ``install/`` and name among them.
    """
    if not install and not wheels:
        raise PublishError("say what learners install: --install REQUIREMENT (the course's "
                           "git+ URL or a wheel's) or --wheel FILE (a key-free wheel)")
    for source in notebooks:
        if not source.is_dir() or not list(source.glob("*.ipynb")):
            raise PublishError(f"{source}: no learner notebooks there (run coursekit release)")
        if source.resolve().name == "solutions":
            raise PublishError(f"{source}: solutions are never published")
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    for source in notebooks:
        shutil.copytree(source, folder / source.name, ignore=shutil.ignore_patterns(
            ".ipynb_checkpoints", "__pycache__"))
    if (root / "data").is_dir():
        shutil.copytree(root / "data", folder / "data")
    requirements = list(install)
    for wheel in wheels:
        (folder / "install").mkdir(exist_ok=True)
        shutil.copy2(wheel, folder / "install" / wheel.name)
        requirements.append(f"./install/{wheel.name}")
    text = "".join(f"{line}\n" for line in requirements)
    (folder / "requirements.txt").write_text(text, encoding="utf-8")
    (folder / "binder").mkdir()
    # Binder runs pip from the top folder, as learners do: the same lines serve both
    (folder / "binder" / "requirements.txt").write_text(text, encoding="utf-8")
    if (root / "binder" / "runtime.txt").is_file():
        shutil.copy2(root / "binder" / "runtime.txt", folder / "binder" / "runtime.txt")
    (folder / "README.md").write_text(_README.format(title=title), encoding="utf-8")
    for name in _LICENCES:
        if (root / name).is_file():
            shutil.copy2(root / name, folder / name)
    return sorted(p for p in folder.rglob("*") if p.is_file())

"""When a submission was handed in, as the platform that took it recorded it.

Lateness (:mod:`coursekit.grading.deadlines`) is judged from a time the learner cannot set:

* **Gradescope**: ``created_at`` in the ``submission_metadata.json`` beside the submission's
  folder (the autograder's ``/autograder/submission_metadata.json``) or in its own folder;
* **GitHub Classroom**: the time of the last commit that changed the notebook, in the git
  repository it is in (a clone of the learner's repository), as ``git log`` gives it;
* **Canvas** records no time in a bulk download's file names, only its own late marker
  (``..._late_...``, see :mod:`coursekit.grading.identity`), which the deadlines module reads
  directly; **Moodle**'s download names carry neither.

A file's modification time is used only when the teacher asks for it (``--file-times``),
with a warning: ``touch`` sets it to any time, and copying a file may change it.

Git is run with the settings that could make it start another program turned off (``git
log`` reads the repository's own configuration, which a learner writes), with no pager, and
a time limit; so it may read a clone that another user owns. The committer's time is what
the learner's own machine said when they committed: ``git commit --date`` and a wrong clock
change it. GitHub keeps the time of each push, which is more trustworthy, but it is not in
the repository: a teacher who needs it checks GitHub Classroom's own list of submissions.
"""

from __future__ import annotations

import json
import logging
import shutil
import subprocess
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

__all__ = ["Submitted", "file_time", "platform_time"]

logger = logging.getLogger(__name__)

#: How long ``git log`` may take for one notebook, in seconds.
GIT_TIMEOUT = 20
#: Settings given to git on its command line, where they win over the repository's own:
#: none of them may start a program while the log is read.
_SAFE_GIT = ("-c", "safe.directory=*", "-c", "log.showSignature=false", "-c",
             "core.fsmonitor=false", "-c", "gpg.program=false", "-c", "core.pager=cat", "-c",
             "log.decorate=false")


@dataclass(frozen=True)
class Submitted:
    """A submission's time, and what recorded it."""

    when: datetime
    #: ``gradescope``, ``git`` or ``file`` (the file's modification time).
    source: str


def _gradescope(path: Path) -> Submitted | None:
    """The ``created_at`` of the Gradescope metadata beside or above the notebook."""
    for folder in (path.parent, path.parent.parent):
        metadata = folder / "submission_metadata.json"
        if metadata.is_file():
            try:
                created = json.loads(metadata.read_text(encoding="utf-8"))["created_at"]
                when = datetime.fromisoformat(str(created).replace("Z", "+00:00"))
            except (OSError, ValueError, KeyError, TypeError):
                logger.warning("%s: no readable 'created_at'; its time is not used", metadata)
                return None
            return Submitted(when if when.tzinfo else when.astimezone(), "gradescope")
    return None


def _git(path: Path) -> Submitted | None:
    """The committer's time of the last commit that changed the notebook, if it is in git."""
    git = shutil.which("git")
    if git is None or not any((folder / ".git").exists() for folder in path.parents):
        return None
    try:
        run = subprocess.run([git, *_SAFE_GIT, "--no-pager", "log", "-1", "--format=%cI", "--",
                              path.name], cwd=path.parent, capture_output=True, text=True,
                             timeout=GIT_TIMEOUT, stdin=subprocess.DEVNULL,
                             env={"PATH": "/usr/bin:/bin", "GIT_CONFIG_NOSYSTEM": "1",
                                  "GIT_CONFIG_GLOBAL": "/dev/null", "GIT_TERMINAL_PROMPT": "0",
                                  "HOME": "/nonexistent"})
        text = run.stdout.strip()
        return Submitted(datetime.fromisoformat(text), "git") if run.returncode == 0 and text \
            else None
    except (OSError, ValueError, subprocess.TimeoutExpired):
        return None


def platform_time(path: str | Path) -> Submitted | None:
    """When the platform that took the notebook recorded it: Gradescope's metadata, else
    the git history of a GitHub Classroom repository; None when neither says."""
    path = Path(path).absolute()
    return _gradescope(path) or _git(path)


def file_time(path: str | Path) -> Submitted | None:
    """The file's modification time (which learners can set: only when a teacher asks)."""
    try:
        stamp = Path(path).stat().st_mtime
    except OSError:
        return None
    return Submitted(datetime.fromtimestamp(stamp).astimezone(), "file")

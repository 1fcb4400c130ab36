"""nbgitpuller: links that open the lessons on a JupyterHub.

A link ``HUB/hub/user-redirect/git-pull?repo=...&branch=...&targetpath=...&urlpath=...``
makes the learner's server clone the course repository into a folder of their home the
first time, merge the course's new commits into it later without overwriting the learner's
own edits, and open the lesson.

The link follows nbgitpuller's own rules (jupyterhub/nbgitpuller: ``nbgitpuller/handlers.py``,
``UIHandler`` and ``SyncHandler``; ``docs/topic/url-options.rst``). Without ``targetpath``
nbgitpuller clones into the last part of the URL as it is, ``.git`` and all
(``https://host/course.git`` goes to ``course.git/``), so the link always names the folder:
``targetpath``, the repository's name without ``.git`` unless another is asked for, and
``urlpath`` opens a path inside it. For JupyterLab ``urlpath`` is ``lab/tree/PATH?autodecode``,
the form url-options.rst recommends (no question about a JupyterLab workspace).
"""

from __future__ import annotations

from urllib.parse import quote, urlencode

__all__ = ["nbgitpuller_link", "repository_name"]


def repository_name(repo: str) -> str:
    """The repository's name in its clone URL: the last part, without ``.git``.

    >>> repository_name("https://github.com/example/reading-numbers.git/")
    'reading-numbers'
    """
    return repo.rstrip("/").rsplit("/", 1)[-1].removesuffix(".git")


def nbgitpuller_link(hub: str, repo: str, branch: str = "main", path: str = "lessons",
                     interface: str = "lab", folder: str | None = None) -> str:
    """The link that pulls ``repo`` onto ``hub`` into ``folder`` of the learner's home
    (default: :func:`repository_name`) and opens ``path`` inside it there."""
    folder = (folder or repository_name(repo)).strip("/")
    where = "/".join(part for part in (folder, path.strip("/")) if part)
    urlpath = f"lab/tree/{where}?autodecode" if interface == "lab" else f"tree/{where}"
    query = urlencode({"repo": repo, "branch": branch, "targetpath": folder,
                       "urlpath": urlpath}, quote_via=quote)
    return f"{hub.rstrip('/')}/hub/user-redirect/git-pull?{query}"

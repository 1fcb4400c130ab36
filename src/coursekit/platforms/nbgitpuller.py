"""nbgitpuller: links that open the lessons on a JupyterHub.

A link ``HUB/hub/user-redirect/git-pull?repo=...&branch=...&urlpath=lab/tree/...``
makes the learner's server clone the course repository into their home (into a folder
named after the repository) the first time, merge the course's new commits into it
later without overwriting the learner's own edits, and open the lesson in JupyterLab.
"""

from __future__ import annotations

from urllib.parse import quote, urlencode

__all__ = ["nbgitpuller_link"]


def _folder(repo: str) -> str:
    """The folder nbgitpuller clones a repository into: its name, without ``.git``."""
    name = repo.rstrip("/").rsplit("/", 1)[-1]
    return name.removesuffix(".git")


def nbgitpuller_link(hub: str, repo: str, branch: str = "main", path: str = "lessons",
                     interface: str = "lab") -> str:
    """The link that pulls ``repo`` onto ``hub`` and opens ``path`` (inside it) there."""
    where = "/".join(part for part in (_folder(repo), path.strip("/")) if part)
    urlpath = f"lab/tree/{where}" if interface == "lab" else f"tree/{where}"
    query = urlencode({"repo": repo, "branch": branch, "urlpath": urlpath}, quote_via=quote)
    return f"{hub.rstrip('/')}/hub/user-redirect/git-pull?{query}"

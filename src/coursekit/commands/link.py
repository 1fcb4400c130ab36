"""``coursekit link``: nbgitpuller links that open the lessons on a JupyterHub.

A link ``HUB/hub/user-redirect/git-pull?repo=...&branch=...&urlpath=lab/tree/...``
makes the learner's server clone the course repository into their home (into a folder
named after the repository) the first time, merge the course's new commits into it
later without overwriting the learner's own edits, and open the lesson in JupyterLab.
"""

from __future__ import annotations

import argparse
from urllib.parse import quote, urlencode

__all__ = ["add_parser", "nbgitpuller_link"]


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


def run(args: argparse.Namespace) -> int:
    """Print one link per lesson, or one to the lessons folder."""
    from ..exercises import get_lesson

    targets = [f"{args.folder}/{get_lesson(id).id}.ipynb" for id in args.lessons]
    for target in targets or [args.folder]:
        print(nbgitpuller_link(args.hub, args.repo, args.branch, target, args.interface))
    return 0


def add_parser(commands: argparse._SubParsersAction) -> None:
    """Add ``link`` to the command line."""
    link = commands.add_parser("link", help="print nbgitpuller links that open lessons on a "
                               "JupyterHub")
    link.add_argument("lessons", nargs="*", metavar="LESSON",
                      help="lesson ids (default: one link to the lessons folder)")
    link.add_argument("--hub", required=True, help="the hub's address, e.g. "
                      "https://hub.example.edu")
    link.add_argument("--repo", required=True, help="the course's git repository (its clone "
                      "URL)")
    link.add_argument("--branch", default="main", help="the branch (default %(default)s)")
    link.add_argument("--folder", default="lessons",
                      help="the lessons' folder in the repository (default %(default)s)")
    link.add_argument("--interface", choices=("lab", "notebook"), default="lab",
                      help="open in JupyterLab (default) or the classic notebook")
    link.set_defaults(run=run)

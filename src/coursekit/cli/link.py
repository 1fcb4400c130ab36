"""``coursekit link``: print nbgitpuller links that open the lessons on a JupyterHub."""

from __future__ import annotations

import argparse

from coursekit.platforms.nbgitpuller import nbgitpuller_link

__all__ = ["add_parser", "run"]


def run(args: argparse.Namespace) -> int:
    """Print one link per lesson, or one to the lessons folder."""
    from coursekit.model.exercises import get_lesson

    targets = [f"{args.folder}/{get_lesson(id).id}.ipynb" for id in args.lessons]
    for target in targets or [args.folder]:
        print(nbgitpuller_link(args.hub, args.repo, args.branch, target, args.interface,
                               args.target_folder))
    return 0


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
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
    link.add_argument("--target-folder", metavar="FOLDER",
                      help="the folder of the learner's home that the repository is cloned "
                           "into (default: the repository's name, without .git)")
    link.add_argument("--interface", choices=("lab", "notebook"), default="lab",
                      help="open in JupyterLab (default) or the classic notebook")
    link.set_defaults(run=run)

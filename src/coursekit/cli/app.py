"""The ``coursekit`` command: one sub-command per module of ``coursekit.cli``.

Errors: a :class:`~coursekit.base.errors.UsageError` (a bad file, an unknown lesson, an
option that cannot be honoured) ends the command with its message, "coursekit grade:
roster.csv: no 'learner' column", and exit code 2. Any other exception is a bug and is not
caught: Python prints its traceback (exit code 1).

Logging: the library logs through :mod:`logging` (loggers named after its modules, under
``coursekit``); the command shows warnings and errors on standard error as "coursekit
COMMAND: message", ``-v`` adds coursekit's progress (INFO), ``-vv`` its details (DEBUG, such
as the grading server's start, stop and standard error), and ``--log-file PATH`` also
appends the same records, with their time, level and logger, to PATH. Other libraries'
warnings are shown too. What a command produces (tables, "wrote X") goes to standard output.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import importlib
import logging
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import NoReturn

from coursekit.base.errors import UsageError
from coursekit.base.imports import decline_slow_optional_imports

__all__ = ["COMMANDS", "main", "run"]

logger = logging.getLogger(__name__)

#: The level of coursekit's messages shown for each ``-v``: none, one, two or more.
_LEVELS = (logging.WARNING, logging.INFO, logging.DEBUG)

#: The command modules of this package, in the order ``coursekit --help`` lists them.
COMMANDS = ("new", "check", "release", "execute", "grade", "export", "report", "review",
            "diff", "gradescope", "classroom", "publish", "link")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="coursekit", description=__doc__.split(":")[0] + ".")
    parser.add_argument("-v", "--verbose", action="count", default=0,
                        help="say more on standard error: -v what it is doing, -vv details")
    parser.add_argument("--log-file", type=Path, metavar="PATH",
                        help="also append the messages, with their time and level, to PATH")
    commands = parser.add_subparsers(dest="command", required=True)
    for name in COMMANDS:
        importlib.import_module(f"coursekit.cli.{name}").add_parser(commands)
    return parser


def _handlers(command: str, log_file: Path | None) -> list[logging.Handler]:
    """Where log records go: standard error ("coursekit grade: ..."), and ``log_file``.

    Raises OSError if the log file cannot be opened for appending.
    """
    shown = logging.StreamHandler(sys.stderr)
    shown.setFormatter(logging.Formatter(f"coursekit {command}: %(message)s"))
    if log_file is None:
        return [shown]
    kept = logging.FileHandler(log_file, encoding="utf-8")
    kept.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    return [shown, kept]


@contextlib.contextmanager
def _logging(handlers: list[logging.Handler], verbose: int) -> Iterator[None]:
    """Send log records to ``handlers`` while it lasts, coursekit's at the level ``verbose`` asks.

    The handlers go on the root logger, so other libraries' warnings show too. Everything
    is put back afterwards, so that :func:`main` can run more than once in a process (as
    the tests do).
    """
    root, ours = logging.getLogger(), logging.getLogger("coursekit")
    level = ours.level
    ours.setLevel(_LEVELS[min(verbose, len(_LEVELS) - 1)])
    for handler in handlers:
        root.addHandler(handler)
    try:
        yield
    finally:
        ours.setLevel(level)
        for handler in handlers:
            root.removeHandler(handler)
            handler.close()


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code (2 for usage errors).

    A :class:`UsageError` is shown as "coursekit COMMAND: message"; Ctrl-C ends with a line
    saying so (code 130); anything else is a bug and propagates (see this module's docstring).
    """
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        handlers = _handlers(args.command, args.log_file)
    except OSError as error:
        parser.error(f"--log-file {args.log_file}: {error.strerror}")
    decline_slow_optional_imports()  # before any command imports nbformat
    with _logging(handlers, args.verbose):
        try:
            command: Callable[[argparse.Namespace], int] = args.run  # its module's run()
            return command(args)
        except UsageError as error:
            logger.error("%s", error)
            return 2
        except KeyboardInterrupt:  # Ctrl-C: whatever the command started has been stopped
            logger.error("interrupted; nothing after this point was written")
            return 130  # the shells' code for a program ended by SIGINT


def run() -> NoReturn:
    """The ``coursekit`` program: :func:`main`, then exit with its code.

    Output piped into a program that stops reading (``coursekit grade ... | head``) ends it
    quietly, as the Python documentation recommends. What is alive at the end lives until
    the process ends; frozen, the interpreter's last garbage collection skips it rather
    than scan the libraries' objects (about 0.1 s).
    """
    try:
        try:
            code = main()
        finally:  # also after --help: a reader that went away is noticed here, not at exit
            sys.stdout.flush()
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no error at exit
        code = 1
    gc.freeze()
    sys.exit(code)


if __name__ == "__main__":
    run()

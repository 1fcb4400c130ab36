"""Argument types and grading flags that several commands share, and the class's config file.

The grading flags default to None ("not given"), so that a class's config file
(:mod:`coursekit.grading.config`) fills what the command line leaves out; what is still
missing then takes :class:`~coursekit.grading.options.GradeOptions`' defaults.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, TypedDict

from coursekit.base.defaults import (
    DEFAULT_NOTEBOOK_TIMEOUT,
    DEFAULT_TIMEOUT,
    ENGINE_NAMES,
    KEY_USE_POLICIES,
)
from coursekit.base.errors import UsageError

if TYPE_CHECKING:
    from coursekit.grading.laterule import LateRule

__all__ = ["CONFIG_NOTE", "add_grading_options", "add_late_options", "count", "late_rule",
           "memory_size", "positive_seconds", "with_class_config", "workers"]

#: What a command that reads the class's config file says about it in its help.
CONFIG_NOTE = ("A class's defaults for these flags may be kept in coursekit.toml, or in "
               "[tool.coursekit] of pyproject.toml, here or in a folder above; flags win.")


def positive_seconds(text: str) -> float:
    """A positive number of seconds, for time limits."""
    value = float(text)
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be a positive number of seconds (got {text})")
    return value


def workers(text: str) -> int:
    """A count of at least 1, for parallel jobs."""
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1 (got {text})")
    return value


def count(text: str) -> int:
    """A whole number, zero or more."""
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more (got {text})")
    return value


def memory_size(text: str) -> int:
    """Bytes from a size such as 2G or 512M, for the sandbox's memory limit."""
    from coursekit.running.sandbox import parse_size

    try:
        return parse_size(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


class _FlagSettings(TypedDict, total=False):
    """What ``add_argument`` is given for a grading flag, besides its name and default."""

    type: Callable[[str], object]
    choices: Sequence[str]
    metavar: str
    help: str


#: Each grading option's flag: its argparse settings (the sandbox's two flags are added apart).
_GRADING_FLAGS: dict[str, _FlagSettings] = {
    "timeout": dict(type=positive_seconds,
                    help=f"seconds one cell may run (default {DEFAULT_TIMEOUT:g})"),
    "notebook_timeout": dict(type=positive_seconds,
                             help="seconds a whole notebook may run; later cells are skipped "
                                  f"(default {DEFAULT_NOTEBOOK_TIMEOUT:g})"),
    "lesson": dict(help="grade every notebook as this lesson id"),
    "engine": dict(choices=ENGINE_NAMES,
                   help="fast: fork a fresh process per notebook from one that imported the "
                        "libraries once; kernel: a fresh Jupyter kernel per notebook (default: "
                        "fast where the system can fork, else kernel)"),
    "memory": dict(type=memory_size, metavar="SIZE",
                   help="memory limit of each notebook in the sandbox, e.g. 2G (default 2G)"),
    "jobs": dict(type=workers, help="notebooks graded at once (default: the number of CPUs)"),
    "key_use": dict(choices=KEY_USE_POLICIES,
                    help="code that reads the answer key (.solution(), .expected, the "
                         "declarations, solutions/) is always flagged; 'zero' also scores the "
                         f"exercises it names 0 (default {KEY_USE_POLICIES[0]})"),
    "variants": dict(type=count, metavar="N",
                     help="also run each notebook N times on perturbed figures and flag number "
                          "answers that do not follow the data (default 0)"),
    "variant_seed": dict(type=int, metavar="SEED",
                         help="the seed the perturbed figures are drawn from (default 0)"),
}


def add_grading_options(parser: argparse.ArgumentParser, names: Iterable[str]) -> None:
    """Add the flags of these grading options (``sandbox`` adds --sandbox and --no-sandbox),
    each with the default None: not given."""
    for name in names:
        if name == "sandbox":
            mode = parser.add_mutually_exclusive_group()
            mode.add_argument("--sandbox", dest="sandbox", action="store_const", const="on",
                              help="run learners' code in the bubblewrap sandbox, or stop with "
                                   "what is missing (default: the sandbox wherever it can "
                                   "start)")
            mode.add_argument("--no-sandbox", dest="sandbox", action="store_const", const="off",
                              help="run learners' code with your own rights (trusted work only)")
        else:
            parser.add_argument(f"--{name.replace('_', '-')}", default=None,
                                **_GRADING_FLAGS[name])


def with_class_config(args: argparse.Namespace) -> argparse.Namespace:
    """The command's arguments with what its flags left out (None) taken from the class's
    config file, if there is one (see :mod:`coursekit.grading.config`)."""
    from coursekit.grading.config import read_config

    return argparse.Namespace(**read_config().over(vars(args)))


def _late_setting(name: str) -> Callable[[str], float]:
    """The type of a late rule's flag: a number, checked as the rule checks its ``name``."""
    from coursekit.grading.laterule import problem

    def read(text: str) -> float:
        value = float(text)
        wrong = problem(name, value)
        if wrong:
            raise argparse.ArgumentTypeError(wrong)
        return value

    return read


def add_late_options(parser: argparse.ArgumentParser) -> None:
    """Add the late rule's flags: ``--late-penalty``, ``--late-per``, ``--late-cap`` and
    ``--late-grace`` (see :mod:`coursekit.grading.laterule`)."""
    parser.add_argument("--late-penalty", type=_late_setting("percent"), metavar="PERCENT",
                        help="take this percentage of the score off late submissions "
                             "(default: no penalty), once or as --late-per says")
    parser.add_argument("--late-per", choices=("flat", "day", "hour"),
                        help="with --late-penalty: take it off once (flat, the default) or per "
                             "day or hour late, a started one counting whole")
    parser.add_argument("--late-cap", type=_late_setting("cap"), metavar="PERCENT",
                        help="with --late-penalty: take off at most this percentage in all")
    parser.add_argument("--late-grace", type=_late_setting("grace"), metavar="MINUTES",
                        help="with --late-penalty: take nothing off work at most this many "
                             "minutes late (later work is counted from the deadline)")


def late_rule(args: argparse.Namespace) -> LateRule | None:
    """The late rule of the flags :func:`add_late_options` adds (over the class's config
    file, when ``args`` went through :func:`with_class_config`), or None for no penalty."""
    from coursekit.grading.laterule import LateRule

    try:
        return LateRule.from_settings(vars(args))
    except ValueError as error:
        raise UsageError(f"the late rule: {error}") from None

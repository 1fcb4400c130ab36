"""The errors coursekit raises on purpose: one base, and the kind that means "this input is wrong".

Every error class of the framework derives from :class:`CoursekitError`, and also from the
standard-library error it has always been (``ValueError``, ``KeyError``, ``RuntimeError`` ...),
so that code catching those keeps working::

    class DataError(UsageError, ValueError): ...

:class:`UsageError` is for input the user can fix: a file that cannot be read, an unknown
lesson or figure, an option that cannot be honoured. The ``coursekit`` command catches it and
prints its message ("coursekit grade: roster.csv: no 'learner' column"), with exit code 2;
its message names the file or option and the problem. Any other exception that reaches the
command is a bug, and shows its traceback. Errors that are part of a normal result (a
submission that could not be graded, an exercise whose declaration failed) are plain
:class:`CoursekitError`: the grader records them per submission or exercise and goes on.

This module imports nothing.
"""

__all__ = ["CoursekitError", "UsageError"]


class CoursekitError(Exception):
    """The base of every error coursekit raises on purpose."""


class UsageError(CoursekitError):
    """The input is wrong (a file, an id, an option); the message says which, and why."""

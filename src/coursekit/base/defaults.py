"""Defaults shared by the command line, the pytest plugin and the engines.

This module imports only ``os`` (which Python loads as it starts), so ``coursekit --help`` and
pytest's start-up stay fast. The defaults of a grading run are the field defaults of
:class:`coursekit.grading.options.GradeOptions`, taken from here.
"""

import os

__all__ = ["CELL_SKIPPED", "CELL_STOPPED", "DEFAULT_ENGINE", "DEFAULT_NOTEBOOK_TIMEOUT",
           "DEFAULT_TIMEOUT", "ENGINE_NAMES", "FEEDBACK_LEVELS", "GRACE", "KEY_USE_POLICIES",
           "LEARNER_BRANCH"]

#: Seconds a single cell may run before it is interrupted.
DEFAULT_TIMEOUT = 30.0
#: Seconds a whole notebook may run; the cells after that are skipped.
DEFAULT_NOTEBOOK_TIMEOUT = 300.0
#: Seconds past a notebook's time limit before its process is killed outright.
GRACE = 10.0
#: The ways to run a notebook (see ``coursekit.running.engines``); the first is the default
#: where the system can fork.
ENGINE_NAMES = ("fast", "kernel")
#: The fast engine needs ``os.fork`` (Linux, macOS); elsewhere kernels are the default.
DEFAULT_ENGINE = ENGINE_NAMES[0] if hasattr(os, "fork") else ENGINE_NAMES[1]
#: What a cell stopped by its time limit is reported as (both engines say the same).
CELL_STOPPED = "stopped after {seconds:g} s (the time limit for one cell)"
#: What the first cell left unrun by the notebook's time limit is reported as.
CELL_SKIPPED = "not run: the notebook's time limit of {seconds:g} s was reached"
#: What ``coursekit grade --key-use`` may do with code that reads the answer key: flag it,
#: or flag it and score the exercises it names 0 (see ``coursekit.grading.keyuse``). The first
#: is the default.
KEY_USE_POLICIES = ("flag", "zero")
#: How much ``.check()`` says in an assessment release (see ``coursekit.learner.assessment``).
FEEDBACK_LEVELS = ("full", "form", "none")
#: The branch that ``coursekit publish`` writes the learners' copy to (lessons, data, install
#: files; no solutions): what ``coursekit link`` and a GitHub Classroom template take by default.
LEARNER_BRANCH = "learners"

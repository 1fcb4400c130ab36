"""One grading run's settings, validated in one place: :class:`GradeOptions`.

``coursekit grade``, ``pytest --grade``, ``ex.grade()`` and the Gradescope bundle each build
one from their own flags (over a class's config file, see :mod:`coursekit.grading.config`)
and hand it to :func:`coursekit.grading.pipeline.grade_paths`. The field defaults are what
``coursekit grade`` does without flags; they are stated here and nowhere else.

This module imports no notebook library, so building options costs nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields, replace
from typing import TYPE_CHECKING, Any

from coursekit.base.defaults import (
    DEFAULT_ENGINE,
    DEFAULT_NOTEBOOK_TIMEOUT,
    DEFAULT_TIMEOUT,
    ENGINE_NAMES,
    KEY_USE_POLICIES,
)
from coursekit.grading.settings import Rules, is_number, is_whole
from coursekit.running.sandbox import MODES

if TYPE_CHECKING:
    from coursekit.running.sandbox import SandboxOptions

__all__ = ["GradeOptions", "problem"]

#: The smallest memory limit the sandbox takes (see ``coursekit.running.sandbox.parse_size``).
_MIN_MEMORY = 64 * 2**20


#: For each option: whether a value is valid, and what a valid value is (for the message).
_RULES = Rules({
    "timeout": (lambda v: is_number(v) and v > 0, "a positive number of seconds"),
    "notebook_timeout": (lambda v: is_number(v) and v > 0, "a positive number of seconds"),
    "lesson": (lambda v: v is None or (isinstance(v, str) and v != ""), "a lesson id"),
    "engine": (lambda v: v in ENGINE_NAMES, f"one of {list(ENGINE_NAMES)}"),
    "jobs": (lambda v: v is None or (is_whole(v) and v >= 1), "a whole number, at least 1"),
    "sandbox": (lambda v: v in MODES, f"one of {list(MODES)}"),
    "memory": (lambda v: v is None or (is_whole(v) and v >= _MIN_MEMORY),
               f"a number of bytes, at least {_MIN_MEMORY} (64M)"),
    "key_use": (lambda v: v in KEY_USE_POLICIES, f"one of {list(KEY_USE_POLICIES)}"),
    "variants": (lambda v: is_whole(v) and v >= 0, "a whole number, 0 or more"),
    "variant_seed": (is_whole, "a whole number"),
})
#: What is wrong with a value for an option, or None (see :meth:`Rules.problem`).
problem = _RULES.problem


@dataclass(frozen=True)
class GradeOptions:
    """Every setting of a grading run; invalid values raise :class:`ValueError` at once."""

    #: Seconds one cell may run before it is interrupted.
    timeout: float = DEFAULT_TIMEOUT
    #: Seconds a whole notebook may run; the cells after that are skipped.
    notebook_timeout: float = DEFAULT_NOTEBOOK_TIMEOUT
    #: Grade every notebook as this lesson (None: each notebook's own, see ``lesson_of``).
    lesson: str | None = None
    #: How each notebook runs (see ``coursekit.running.engines``).
    engine: str = DEFAULT_ENGINE
    #: Notebooks graded at once (None: one per CPU).
    jobs: int | None = None
    #: ``auto``: the sandbox wherever it can start; ``on``: the sandbox or an error; ``off``.
    sandbox: str = MODES[0]
    #: Bytes of memory each notebook may use in the sandbox (None: the sandbox's default).
    memory: int | None = None
    #: What code that reads the answer key costs (see ``coursekit.grading.keyuse``).
    key_use: str = KEY_USE_POLICIES[0]
    #: Runs of each notebook on perturbed figures (see ``coursekit.grading.variants``).
    variants: int = 0
    #: The seed the perturbed figures are drawn from.
    variant_seed: int = 0

    def __post_init__(self) -> None:
        _RULES.check(self)

    @classmethod
    def names(cls) -> tuple[str, ...]:
        """The options' names, in order."""
        return tuple(option.name for option in fields(cls))

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any], **fixed: Any) -> GradeOptions:
        """The options named in ``settings`` (a command's flags, a config file), then
        ``fixed``; other names are ignored, and None stands for the default."""
        chosen = {name: settings[name] for name in cls.names() if settings.get(name) is not None}
        return cls(**{**chosen, **fixed})

    def flags(self, names: Iterable[str] | None = None) -> list[str]:
        """The ``coursekit grade`` flags that give these options' ``names`` (default: those
        that differ from the defaults); an option at None or ``sandbox="auto"`` has none."""
        if names is None:
            names = [o.name for o in fields(self) if getattr(self, o.name) != o.default]
        given: list[str] = []
        for name in names:
            value = getattr(self, name)
            if name == "sandbox":
                given += {"on": ["--sandbox"], "off": ["--no-sandbox"]}.get(value, [])
            elif value is not None:
                given += [f"--{name.replace('_', '-')}",
                          f"{value:g}" if isinstance(value, float) else str(value)]
        return given

    def context(self) -> dict[str, str]:
        """How a batch was graded, for the exporters that state it (``Batch.context``)."""
        return {"engine": self.engine, "sandbox": self.sandbox}

    def prepare(self) -> GradeOptions:
        """Choose the sandbox and start the engine, so that it gets ready while the caller
        reads the notebooks (see :func:`coursekit.running.engines.prepare`).

        Returns these options with the sandbox settled: ``on`` or ``off``. With ``auto``,
        why the sandbox cannot start is logged as a warning; with ``on``,
        :class:`~coursekit.running.sandbox.SandboxUnavailable` is raised.
        """
        from coursekit.grading import provisions
        from coursekit.running.engines import prepare

        limits = prepare(self.engine, self.jobs, self.sandbox, self.memory,
                         readable=provisions.readable(), preload=provisions.preload(),
                         hidden=provisions.hidden())
        return replace(self, sandbox="off" if limits is None else "on")

    def limits(self) -> SandboxOptions | None:
        """The sandbox's limits for the run, or None to grade without it.

        ``on`` raises :class:`~coursekit.running.sandbox.SandboxUnavailable` where the sandbox
        cannot start; ``auto`` then logs a warning and grades without it.
        The probe runs once per process, so options that :meth:`prepare` settled cost nothing.
        """
        from coursekit.grading import provisions
        from coursekit.running.sandbox import choose

        return choose(self.sandbox, self.memory, provisions.readable(), provisions.hidden())

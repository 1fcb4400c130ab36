"""A class's defaults in a config file: ``coursekit.toml``, or ``[tool.coursekit]`` in a
``pyproject.toml``.

The file is looked for in the folder a command runs in, then in each folder above it; the
first folder with either file gives the settings (``coursekit.toml`` first, and a
``pyproject.toml`` only if it has a ``[tool.coursekit]`` table). A ``coursekit.toml`` holds
the settings at its top level::

    timeout = 60              # seconds one cell may run
    notebook-timeout = 600    # seconds a whole notebook may run
    jobs = 4
    engine = "fast"           # or "kernel"
    sandbox = "on"            # "auto", "on" or "off"
    memory = "1G"
    key-use = "zero"          # or "flag"
    variants = 2
    variant-seed = 7
    roster = "roster.csv"     # paths are relative to the file's folder
    deadlines = "deadlines.csv"
    late-penalty = 10         # percent
    late-per = "day"          # "flat" (default), "day" or "hour": a started one counts
    late-cap = 30             # percent at most
    late-grace = 15           # minutes late that cost nothing
    cluster = "hpc"           # grade on a Dask cluster: an address, local:N, or a name below

    [clusters]                # named Dask schedulers, for --cluster NAME
    hpc = "tcp://login1.example.edu:8786"
    laptop = "local:2"

Each key is the default of the command-line flag of the same name (``--key-use``, ...):
a flag given on the command line wins over the file, and the file over coursekit's own
defaults. A bad file stops the command with a message that names the file and the key.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from coursekit.base.errors import UsageError
from coursekit.grading import laterule
from coursekit.grading.options import GradeOptions, problem

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

__all__ = ["FILE_NAME", "KEYS", "ClassConfig", "ConfigError", "find_config", "read_config"]

#: The config file of its own (``pyproject.toml``'s ``[tool.coursekit]`` is the other).
FILE_NAME = "coursekit.toml"
#: The grading options a class may set, by their key in the file.
_OPTIONS = {name.replace("_", "-"): name for name in GradeOptions.names() if name != "lesson"}
#: The late rule's settings, by their key in the file (see :mod:`coursekit.grading.laterule`).
_LATE = {"late-penalty": "percent", "late-per": "per", "late-cap": "cap", "late-grace": "grace"}
#: Every key the file may have: the grading options and what is done with the grades.
KEYS = (*_OPTIONS, "roster", "deadlines", *_LATE, "cluster", "clusters")


class ConfigError(UsageError, ValueError):
    """A class's config file cannot be used; the message names the file and the key."""


@dataclass(frozen=True)
class ClassConfig:
    """A class's settings from its config file (none found: no settings)."""

    #: The file they come from, if any.
    path: Path | None = None
    #: The settings by the name of their flag's value (``key_use``, ``late_penalty``, ...):
    #: checked, sizes in bytes, paths made absolute.
    settings: Mapping[str, Any] = field(default_factory=dict)

    def over(self, given: Mapping[str, Any]) -> dict[str, Any]:
        """``given`` (a command's flags; None: not given) with each gap the file fills."""
        return {name: self.settings.get(name) if value is None else value
                for name, value in given.items()}

    def cluster(self, given: str | None) -> str | None:
        """The Dask scheduler to grade on: ``given`` (``--cluster``) or the file's
        ``cluster``, read as the name of one of its ``[clusters]`` if it is one, else as an
        address; None: grade on this machine."""
        chosen: str | None = given or self.settings.get("cluster")
        profiles: dict[str, str] = self.settings.get("clusters", {})
        return profiles.get(chosen, chosen) if chosen else None

    def grade_options(self, **given: Any) -> GradeOptions:
        """The options of a run: ``given`` (None: not given) over the file, over the defaults."""
        return GradeOptions.from_settings({**self.settings, **self.over(given)})


def find_config(folder: Path | None = None) -> Path | None:
    """The nearest config file from ``folder`` (default: the current folder) upwards."""
    start = (folder or Path.cwd()).resolve()
    for where in (start, *start.parents):
        if (where / FILE_NAME).is_file():
            return where / FILE_NAME
        pyproject = where / "pyproject.toml"
        if pyproject.is_file() and "coursekit" in _parse(pyproject).get("tool", {}):
            return pyproject
    return None


def read_config(folder: Path | None = None) -> ClassConfig:
    """The class's settings from the nearest config file (see :func:`find_config`)."""
    path = find_config(folder)
    if path is None:
        return ClassConfig()
    table = _parse(path)
    where = str(path)
    if path.name != FILE_NAME:
        table, where = table["tool"]["coursekit"], f"{path}: [tool.coursekit]"
        if not isinstance(table, dict):
            raise ConfigError(f"{where} must be a table of settings")
    return ClassConfig(path, {key.replace("-", "_"): _setting(where, path.parent, key, value)
                              for key, value in table.items()})


def _parse(path: Path) -> dict[str, Any]:
    """A TOML file's contents, or a :class:`ConfigError` that says what is wrong with it."""
    try:
        return tomllib.loads(path.read_bytes().decode("utf-8"))
    except OSError as error:
        raise ConfigError(f"{path}: {error.strerror}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not a UTF-8 text file") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: not valid TOML ({error})") from None


def _setting(where: str, folder: Path, key: str, value: Any) -> Any:
    """One setting of the file, checked and converted (sizes to bytes, paths made absolute)."""
    if key not in KEYS:
        raise ConfigError(f"{where}: unknown setting '{key}' (known: {', '.join(KEYS)})")
    if key == "memory" and isinstance(value, str):
        from coursekit.running.sandbox import parse_size

        try:
            value = parse_size(value)
        except ValueError as error:
            raise ConfigError(f"{where}: '{key}': {error}") from None
    if key in _OPTIONS:
        wrong = problem(_OPTIONS[key], value)
    elif key in _LATE:
        wrong = laterule.problem(_LATE[key], value)
    elif key == "clusters":
        wrong = None if isinstance(value, dict) and all(
            isinstance(address, str) and address for address in value.values()) else (
            f"must be a table of names and scheduler addresses (got {value!r})")
    elif key == "cluster":
        wrong = None if isinstance(value, str) and value else (
            f"must be a scheduler address or a name in [clusters] (got {value!r})")
    else:  # roster, deadlines
        wrong = None if isinstance(value, str) and value else f"must be a file (got {value!r})"
    if wrong:
        raise ConfigError(f"{where}: '{key}' {wrong}")
    return folder / value if key in ("roster", "deadlines") else value

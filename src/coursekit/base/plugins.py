"""Objects that installed packages register under an entry-point group (courses, exporters)."""

from __future__ import annotations

from importlib.metadata import EntryPoint, entry_points
from typing import TypeVar

__all__ = ["load_group", "load_one", "names"]

T = TypeVar("T")


def _loaded(point: EntryPoint, kind: type[T], error: type[Exception]) -> T:
    loaded = point.load()
    if not isinstance(loaded, kind):
        raise error(f"entry point {point.name!r} ({point.value}) is not a coursekit "
                    f"{kind.__name__}")
    return loaded


def load_group(group: str, kind: type[T], error: type[Exception]) -> list[tuple[str, T]]:
    """Each entry point of ``group``, loaded: (name, object); ``error`` if one is no ``kind``."""
    return [(point.name, _loaded(point, kind, error)) for point in entry_points(group=group)]


def load_one(group: str, name: str, kind: type[T], error: type[Exception]) -> T | None:
    """The entry point ``name`` of ``group``, loaded without loading the others; None if absent."""
    for point in entry_points(group=group, name=name):
        return _loaded(point, kind, error)
    return None


def names(group: str) -> list[str]:
    """The names registered in ``group``, sorted, without loading anything."""
    return sorted({point.name for point in entry_points(group=group)})

"""Objects that installed packages register under an entry-point group (courses, exporters)."""

from __future__ import annotations

from importlib.metadata import entry_points
from typing import TypeVar

__all__ = ["load_group"]

T = TypeVar("T")


def load_group(group: str, kind: type[T], error: type[Exception]) -> list[tuple[str, T]]:
    """Each entry point of ``group``, loaded: (name, object); ``error`` if one is no ``kind``."""
    found = []
    for point in entry_points(group=group):
        loaded = point.load()
        if not isinstance(loaded, kind):
            raise error(f"entry point {point.name!r} ({point.value}) is not a coursekit "
                        f"{kind.__name__}")
        found.append((point.name, loaded))
    return found

"""Optional imports that a grading process declines, because they cost time and add nothing.

nbformat imports jsonschema, whose optional IRI format checker imports ``rfc3987_syntax``,
which compiles a grammar at import time (1 to 2 s; python-jsonschema/jsonschema#1428).
Notebook schemas use no IRI format, so a process that only reads and grades notebooks
marks that module as absent before the first nbformat import, and jsonschema skips it, as
it does wherever the package is not installed. Nothing is patched.
"""

import sys

__all__ = ["decline_slow_optional_imports"]


def decline_slow_optional_imports() -> None:
    """Mark the optional modules above as absent in this process (if not yet imported)."""
    sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]

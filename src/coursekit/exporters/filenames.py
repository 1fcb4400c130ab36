"""File names made from what a learner chose (a file or folder name), safe to list and open.

A learner names their own notebook, so a name made from it could start with ``-`` (read
as an option by a command the teacher types: ``-rf --help.html``), start with ``.``
(hidden, or ``..``), hold a path separator, or hold invisible characters: a right-to-left
override (U+202E) between ``alice`` and ``gnp.exe`` makes a file manager show the name
as ``aliceexe.png``. :func:`safe_stem` keeps what a reader sees and nothing else.
"""

from __future__ import annotations

import unicodedata

__all__ = ["MAX_BYTES", "safe_stem"]

#: The longest stem, in UTF-8 bytes (file systems allow 255 for a whole name).
MAX_BYTES = 120

#: Unicode categories with nothing to see: controls, format characters (bidi controls,
#: zero-width joiners, soft hyphens), surrogates, private use, unassigned, line and
#: paragraph separators.
_INVISIBLE = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})

#: Characters some file system or shell gives a meaning; each becomes ``_``.
_RESERVED = frozenset('/\\:*?"<>|')

#: Names Windows keeps for devices, whatever the extension.
_DEVICES = frozenset({"CON", "PRN", "AUX", "NUL", *(f"COM{n}" for n in range(1, 10)),
                      *(f"LPT{n}" for n in range(1, 10))})


def _visible(char: str) -> str:
    """The character as kept in a file name: dropped, a plain space, ``_``, or itself."""
    category = unicodedata.category(char)
    if category in _INVISIBLE:
        return ""
    if category == "Zs":
        return " "
    return "_" if char in _RESERVED else char


def safe_stem(text: str, fallback: str = "submission") -> str:
    """A file name stem (no extension) for ``text``: visible characters only, never starting
    with ``-`` or ``.``, at most :data:`MAX_BYTES` long; ``fallback`` when nothing is left.

    >>> safe_stem("-rf --help")
    'rf --help'
    >>> safe_stem("alice\\u202egnp.exe")
    'alicegnp.exe'
    """
    kept = " ".join("".join(map(_visible, unicodedata.normalize("NFC", text))).split())
    kept = kept.lstrip("-. ")
    while len(kept.encode("utf-8")) > MAX_BYTES:
        kept = kept[:-1]
    kept = kept.rstrip(". ")  # Windows drops trailing dots and spaces
    if not kept:
        return fallback
    return f"_{kept}" if kept.split(".")[0].upper() in _DEVICES else kept

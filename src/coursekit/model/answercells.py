"""Which cell of a notebook holds an answer: marked in its metadata or by a JupyterLab tag.

An author marks a written answer's Markdown cell (or any answer cell) in one of two ways:

- a cell tag ``answer:q9`` (the exercise's id) or ``answer:share_in_words`` (its answer's
  name), which JupyterLab's property inspector adds in two clicks;
- the metadata ``{"coursekit": {"answer": "share_in_words"}}`` (the answer's name), the
  older form, still read.

The release keeps the mark in the learner's copy, and the grader reads it back.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["ANSWER_TAG", "marked_answer"]

#: The prefix of the cell tag that marks an answer cell: ``answer:q9``.
ANSWER_TAG = "answer:"


def marked_answer(cell: Mapping[str, Any], names: Mapping[str, str] | None = None) -> str | None:
    """The answer a cell is marked for, by the answer's name; None for an unmarked cell.

    ``names`` maps exercise ids to their answers' names, so that a tag may name either
    (``answer:q9`` or ``answer:share_in_words``); without it, the tag's text is returned.
    """
    metadata = cell.get("metadata", {})
    marked = metadata.get("coursekit", {}).get("answer")
    if isinstance(marked, str) and marked:
        return marked
    for tag in metadata.get("tags", []):
        if isinstance(tag, str) and tag.startswith(ANSWER_TAG) and tag[len(ANSWER_TAG):]:
            name = tag[len(ANSWER_TAG):].strip()
            return (names or {}).get(name, name)
    return None

"""The outcome of judging one exercise, with the words, symbols and colours that show it."""

from __future__ import annotations

from enum import Enum

__all__ = ["Status"]


class Status(str, Enum):
    """What a judge decided about an answer. A ``str``, so JSON and templates see the word.

    ``needs_review`` is for answers that wait for a teacher's score.
    """

    CORRECT = "correct"
    INCORRECT = "incorrect"
    UNANSWERED = "unanswered"
    ERROR = "error"
    NEEDS_REVIEW = "needs_review"

    def __str__(self) -> str:
        return self.value

    @property
    def heading(self) -> str:
        """How a learner's message about this outcome starts."""
        return _HEADINGS[self]

    @property
    def symbol(self) -> str:
        """A symbol that tells the outcome without colour."""
        return _SYMBOLS[self]

    @property
    def colours(self) -> tuple[str, str]:
        """Text and background colour (the symbol and words carry the meaning too)."""
        return _COLOURS[self]


_HEADINGS = {Status.CORRECT: "Correct", Status.INCORRECT: "Not yet",
             Status.UNANSWERED: "Not answered yet", Status.ERROR: "Could not check",
             Status.NEEDS_REVIEW: "Waiting for the teacher"}
_SYMBOLS = {Status.CORRECT: "\u2714", Status.INCORRECT: "\u2718", Status.UNANSWERED: "\u2026",
            Status.ERROR: "!", Status.NEEDS_REVIEW: "\u270e"}
_COLOURS = {Status.CORRECT: ("#1a7f37", "#e6f4ea"), Status.INCORRECT: ("#b42318", "#fdecea"),
            Status.UNANSWERED: ("#57606a", "#f3f4f6"), Status.ERROR: ("#9a6700", "#fff8e1"),
            Status.NEEDS_REVIEW: ("#0b5cad", "#e8f1fb")}

"""Messages shown to a learner: coloured HTML in JupyterLab, plain text everywhere else.

A message's tone is a :class:`~coursekit.judging.status.Status` value or ``hint``/``solution``;
its symbol says the same as its colour, so colour is never the only signal.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from coursekit.judging.status import Status

__all__ = ["Message"]

_STYLES = {
    **{status.value: (status.symbol, *status.colours) for status in Status},
    "hint": ("?", "#0b5cad", "#e8f1fb"),
    "solution": ("\u2192", "#6639ba", "#f3effc"),
}


@dataclass(frozen=True, repr=False)
class Message:
    """A short titled message with a tone that sets its symbol and colour."""

    tone: str
    title: str
    body: str

    def __post_init__(self) -> None:
        if self.tone not in _STYLES:
            raise ValueError(f"'tone' must be one of {list(_STYLES)} (got {self.tone!r})")

    def __str__(self) -> str:
        symbol = _STYLES[self.tone][0]
        return f"{symbol} {self.title}\n{self.body}" if self.body else f"{symbol} {self.title}"

    def __repr__(self) -> str:
        return str(self)

    def _repr_html_(self) -> str:
        symbol, colour, background = _STYLES[self.tone]
        body = html.escape(self.body).replace("\n", "<br>")
        return (
            f'<div style="border-left:4px solid {colour};background:{background};'
            f'padding:6px 10px;margin:4px 0;color:#1f2328">'
            f'<strong style="color:{colour}">{symbol} {html.escape(self.title)}</strong>'
            f'<div style="margin-top:2px">{body}</div></div>'
        )

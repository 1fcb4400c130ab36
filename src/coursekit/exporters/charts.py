"""The class report's charts, drawn with seaborn on matplotlib ``Figure`` objects.

Drawing on a ``Figure`` directly leaves pyplot's global state alone.
"""

from __future__ import annotations

import base64
import io

import pandas as pd
import seaborn as sns
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from coursekit.judging.status import Status

__all__ = ["png", "score_chart", "success_chart"]


def png(figure: Figure) -> str:
    """The figure as a PNG image, base64-encoded for a data: URL."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=100, bbox_inches="tight")
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def score_chart(scores: pd.Series, max_score: float) -> Figure:
    """A histogram of the scores, one bar per whole point."""
    figure = Figure(figsize=(6, 3))
    ax = figure.subplots()
    sns.histplot(x=scores, bins=range(int(max_score) + 2), discrete=True, ax=ax,
                 color=sns.color_palette("colorblind")[0])
    ax.set(xlabel=f"score (out of {max_score:g})", ylabel="submissions",
           title="Score distribution", xlim=(-0.5, max_score + 0.5))
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))  # no 0.2 of a submission
    return figure


def success_chart(exercises: pd.DataFrame) -> Figure:
    """A bar per exercise: the percentage of submissions that answered it correctly."""
    rates = (exercises.assign(correct=exercises["status"] == Status.CORRECT)
             .groupby("id", sort=False)["correct"].mean().mul(100).reset_index())
    figure = Figure(figsize=(6, 3))
    ax = figure.subplots()
    sns.barplot(data=rates, x="id", y="correct", color=sns.color_palette("colorblind")[2], ax=ax)
    ax.set(xlabel="exercise", ylabel="answered correctly (percent)", ylim=(0, 100),
           title="Success rate per exercise")
    return figure

"""The class report's charts, drawn with seaborn and matplotlib on ``Figure`` objects.

Drawing on a ``Figure`` directly leaves pyplot's global state alone.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Sequence

import pandas as pd
import seaborn as sns
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from coursekit.grading.itemanalysis import (
    DISCRIMINATION_POOR,
    TOO_EASY_FROM,
    TOO_HARD_BELOW,
    ItemStats,
)
from coursekit.judging.status import Status

__all__ = ["item_chart", "png", "score_chart", "success_chart"]


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


def item_chart(items: Sequence[ItemStats]) -> Figure:
    """Facility against discrimination, a point per exercise (exercises at one point share a
    label), with the areas the item analysis flags shaded. An exercise whose points never
    vary has no correlation: it is drawn as a cross on the zero line."""
    palette = sns.color_palette("colorblind")
    figure = Figure(figsize=(6, 4))
    ax = figure.subplots()
    easy, hard = 100 * TOO_EASY_FROM, 100 * TOO_HARD_BELOW
    ax.axvspan(easy, 105, color=palette[1], alpha=0.15, lw=0)
    ax.axvspan(-5, hard, color=palette[1], alpha=0.15, lw=0)
    ax.axhspan(-1.05, DISCRIMINATION_POOR, color=palette[7], alpha=0.2, lw=0)
    ax.text(easy + 1, 1.0, "too\neasy", va="top", fontsize=8)
    ax.text(-4, 1.0, "too\nhard", va="top", fontsize=8)
    ax.text(50, -1.0, f"does not tell learners apart (below {DISCRIMINATION_POOR:g})",
            ha="center", va="bottom", fontsize=8)
    labels: dict[tuple[float, float, bool], list[str]] = {}
    for item in items:
        flat = item.discrimination is None
        key = (round(100 * item.facility, 6), item.discrimination or 0.0, flat)
        labels.setdefault(key, []).append(item.id)
    for (x, y, flat), ids in labels.items():
        ax.scatter([x], [y], marker="x" if flat else "o", s=50, zorder=3,
                   color=palette[3] if flat else palette[0])
        ax.annotate(", ".join(ids), (x, y), xytext=(5, 5), textcoords="offset points",
                    fontsize=8)
    ax.set(xlim=(-5, 105), ylim=(-1.05, 1.05),
           xlabel="facility: mean points over maximum (percent)",
           ylabel="discrimination: correlation with the rest",
           title="Item analysis: a point per exercise")
    return figure

"""Answers become plain JSON data, the same way in the grader and in a notebook."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure

from coursekit.running.readout import MAX_TEXT, dump, snapshot


@pytest.mark.parametrize(("value", "expected"), [
    (..., {"type": "ellipsis"}),
    (None, {"type": "none"}),
    (True, {"type": "bool", "value": True}),
    (np.int64(3), {"type": "number", "value": 3.0}),
    (float("nan"), {"type": "number", "value": "nan"}),
    ("88.9%", {"type": "text", "value": "88.9%"}),
    (np.zeros((2, 3)), {"type": "array", "shape": [2, 3]}),
])
def test_simple_values(value, expected):
    assert snapshot(value) == expected


def test_text_is_truncated_and_other_objects_keep_their_class():
    assert len(snapshot("x" * 10_000)["value"]) == MAX_TEXT
    assert snapshot([1, 2]) == {"type": "other", "class": "list", "repr": "[1, 2]"}


def test_tables_keep_columns_index_and_rows():
    snap = snapshot(pd.DataFrame({"claim": ["a"], "value": [1.5]}, index=["r1"]))
    assert snap == {"type": "dataframe", "shape": [1, 2], "columns": ["claim", "value"],
                    "index": ["r1"], "rows": [["a", 1.5]]}
    assert snapshot(pd.Series([1, 2]))["type"] == "series"


def test_charts_from_an_axes_or_its_figure():
    figure = Figure()
    ax = figure.subplots()
    ax.bar(["a", "b"], [1, 2])
    ax.set(ylabel="percent", ylim=(0, 100), title="t")
    for value in (ax, figure):
        snap = snapshot(value)
        assert snap["type"] == "chart" and len(snap["axes"]) == 1
        assert snap["axes"][0]["ylim"] == [0.0, 100.0]
        assert [bar["height"] for bar in snap["axes"][0]["bars"]] == [1.0, 2.0]
        assert [tick["label"] for tick in snap["axes"][0]["xticks"]] == ["a", "b"]


def test_dump_marks_missing_names_and_unreadable_values():
    class Broken:
        def __repr__(self):
            raise RuntimeError("no")

    answers = json.loads(dump(["a", "b", "c"], {"a": 1, "c": Broken()}))
    assert answers["a"] == {"type": "number", "value": 1.0}
    assert answers["b"] == {"type": "missing"}
    assert answers["c"]["repr"] == "<unprintable>"

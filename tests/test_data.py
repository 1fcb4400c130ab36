"""The figures and timeline files follow their documented schema, and the loaders guard it."""

from __future__ import annotations

import pandas as pd
import pytest

from coursekit.model import data
from reading_numbers import vocabulary


@pytest.fixture
def fresh_cache():
    """Clear the loaders' caches before and after a test that swaps the data folder."""
    data._read_figures.cache_clear()
    data._read_timeline.cache_clear()
    yield
    data._read_figures.cache_clear()
    data._read_timeline.cache_clear()


def test_figures_schema():
    table = data.figures()
    assert table.index.name == "id"
    assert list(table.columns) == list(data.FIGURE_COLUMNS[1:])
    assert table.index.is_unique
    assert table.index.str.fullmatch(r"[a-z][a-z0-9_]*").all()
    assert len(table) > 40
    assert table["value"].dtype == float
    assert set(table["section"]) == set(vocabulary.SECTIONS)
    assert set(table["unit"]) <= set(vocabulary.UNITS)
    assert set(table["qualifier"]) <= set(data.QUALIFIERS)
    assert (table["note"].str.len() > 0).all(), "every figure needs a note"


def test_timeline_schema():
    table = data.timeline()
    assert list(table.columns) == ["date", "start", *data.TIMELINE_COLUMNS[1:]]
    assert table["start"].notna().all()
    assert set(table["precision"]) <= set(data.PRECISIONS)
    lengths = {"year": 4, "half_year": 7, "month": 7, "day": 10}
    assert all(len(d) == lengths[p] for d, p in zip(table["date"], table["precision"], strict=True))
    assert table["start"].is_monotonic_increasing


@pytest.mark.parametrize(("id", "value", "unit"), [
    ("company_employees", 405, "person"),
    ("company_employees_ethnic", 360, "person"),
    ("college_faculty", 639, "person"),
    ("station_generation_annual", 40_000_000, "kWh"),
    ("station_profits_taxes_annual", 10_230_000, "RMB"),
    ("county_sunshine_hours", 4434.7, "h"),
    ("company_ethnic_share", 90, "percent"),
])
def test_known_figures(id, value, unit):
    assert data.figure(id) == value
    assert data.figures().at[id, "unit"] == unit


def test_figure_typo_names_close_ids():
    with pytest.raises(KeyError, match="did you mean 'company_employees'"):
        data.figure("company_employes")


def test_figures_returns_a_copy():
    table = data.figures()
    table.loc["company_employees", "value"] = 0
    assert data.figure("company_employees") == 405


def test_bad_unit_is_reported_with_the_file(tmp_path, monkeypatch, fresh_cache):
    table = pd.read_csv(data.data_dir() / "figures.csv", dtype=str, keep_default_na=False)
    table.loc[0, "unit"] = "kwh"
    table.to_csv(tmp_path / "figures.csv", index=False)
    monkeypatch.setenv("COURSEKIT_DATA", str(tmp_path))
    with pytest.raises(data.DataError, match=r"figures.csv: 'unit' must be one of .*'kwh'"):
        data.figures()


def test_non_numeric_value_is_reported(tmp_path, monkeypatch, fresh_cache):
    table = pd.read_csv(data.data_dir() / "figures.csv", dtype=str, keep_default_na=False)
    table.loc[0, "value"] = "100 million"
    table.to_csv(tmp_path / "figures.csv", index=False)
    monkeypatch.setenv("COURSEKIT_DATA", str(tmp_path))
    with pytest.raises(data.DataError, match="plain number"):
        data.figures()


def test_missing_file_is_reported(tmp_path, monkeypatch, fresh_cache):
    (tmp_path / "figures.csv").write_text("id\n", encoding="utf-8")
    monkeypatch.setenv("COURSEKIT_DATA", str(tmp_path))
    with pytest.raises(data.DataError, match=r"timeline\.csv: file not found"):
        data.timeline()
    with pytest.raises(data.DataError, match="columns must be"):
        data.figures()

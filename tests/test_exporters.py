"""Every output is an exporter; a package adds its own through an entry point."""

from __future__ import annotations

import json
import sys

import pytest

from coursekit import exporters
from coursekit.cli.app import main
from coursekit.exporters import Batch, ExportError, parse_export
from coursekit.grading.results import ExerciseGrade, SubmissionGrade, to_json

GRADES = [SubmissionGrade("class/zoë.ipynb", "02_percentages", "graded", None, 1, 1,
                          [ExerciseGrade("q1", "correct", 1, 1, "fine")])]
PLUGIN = '''
from coursekit.exporters import Exporter

def write(batch, path):
    path.write_text("".join(f"{batch.learner(g)}={g.score:g}\\n" for g in batch.grades),
                    encoding="utf-8")

SCORES = Exporter("scores", "learner=score lines", write)
'''


def test_the_built_in_exporters_are_registered():
    assert {"table", "json", "csv", "feedback", "report"} <= set(exporters.exporters())


@pytest.mark.parametrize(("spec", "problem"), [
    ("jsn", "did you mean 'json'"),
    ("csv", "needs a file"),
    ("feedback", "needs a folder"),
])
def test_bad_export_specs_are_explained(spec, problem):
    with pytest.raises(ExportError, match=problem):
        parse_export(spec)


def test_a_package_adds_an_exporter_through_an_entry_point(tmp_path, monkeypatch):
    (tmp_path / "school_export.py").write_text(PLUGIN, encoding="utf-8")
    info = tmp_path / "school_export-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: school-export\nVersion: 1.0\n",
                                   encoding="utf-8")
    (info / "entry_points.txt").write_text(
        "[coursekit.exporters]\nscores = school_export:SCORES\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    exporters.exporters.cache_clear()
    try:
        results = tmp_path / "results.json"
        results.write_text(to_json(GRADES), encoding="utf-8")
        out = tmp_path / "out" / "scores.txt"
        assert main(["export", str(results), "--export", f"scores:{out}"]) == 0
        assert out.read_text(encoding="utf-8") == "zoë=1\n"
    finally:
        exporters.exporters.cache_clear()
        sys.modules.pop("school_export", None)


def test_every_exporter_uses_the_roster(tmp_path):
    from coursekit.grading.identity import Roster

    roster_file = tmp_path / "roster.csv"
    roster_file.write_text("learner,name\ns042,Zoë\n", encoding="utf-8")
    batch = Batch(GRADES, Roster.from_csv(roster_file))
    exporters.get_exporter("csv").write(batch, tmp_path / "g.csv")
    exporters.get_exporter("feedback").write(batch, tmp_path / "fb")
    assert (tmp_path / "g.csv").read_text(encoding="utf-8-sig").splitlines()[1].startswith("s042")
    assert (tmp_path / "g.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert (tmp_path / "fb" / "s042.html").is_file()


def test_every_export_to_a_path_says_what_it_wrote_where(tmp_path, capsys):
    """A teacher's first run: ``--export`` printed nothing when it succeeded."""
    results = tmp_path / "results.json"
    results.write_text(to_json(GRADES), encoding="utf-8")
    assert main(["export", str(results), "--export", f"csv:{tmp_path / 'g.csv'}",
                 "--export", f"feedback:{tmp_path / 'fb'}", "--export", "json"]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out)["submissions"][0]["path"] == "class/zoë.ipynb", "stdout: the data alone"
    assert err.splitlines() == [f"coursekit export: wrote csv: {tmp_path / 'g.csv'}",
                                f"coursekit export: wrote feedback: 1 file(s) in {tmp_path / 'fb'}"]

"""Results streamed as JSON lines, read back in the batch's order; the class config's clusters."""

from __future__ import annotations

import json

import pytest

from coursekit.cli.export import read_results
from coursekit.grading.config import ConfigError, read_config
from coursekit.grading.results import ResultsError, SubmissionGrade, to_json
from coursekit.grading.stream import ResultsStream, beside, read_stream


def grade(name: str, score: float) -> SubmissionGrade:
    return SubmissionGrade(f"{name}.ipynb", "02_percentages", "graded", None, score, 10, [])


def test_a_stream_written_out_of_order_reads_back_in_the_batch_order(tmp_path):
    grades = [grade("a", 1), grade("b", 2), grade("c", 3)]
    path = beside(tmp_path / "results.json")
    assert path.name == "results.jsonl"
    with ResultsStream(path) as stream:
        for index in (2, 0, 1):
            stream.add(index, grades[index])
    assert len(path.read_text().splitlines()) == 3
    assert to_json(read_stream(path)) == to_json(grades)
    assert to_json(read_results(path)) == to_json(grades)  # export and report read it too


def test_a_last_line_cut_short_is_left_out_and_any_other_bad_line_is_an_error(tmp_path):
    path = tmp_path / "results.jsonl"
    with ResultsStream(path) as stream:
        stream.add(0, grade("a", 1))
    whole = path.read_text()
    path.write_text(whole + whole[:20])  # the batch stopped while it wrote a line
    assert [g.path for g in read_stream(path)] == ["a.ipynb"]
    path.write_text(whole[:20] + "\n" + whole)
    with pytest.raises(ResultsError, match=r"results\.jsonl: line 1 is not JSON"):
        read_stream(path)
    path.write_text(json.dumps({"index": 0, "submission": {"path": "x"}}) + "\n")
    with pytest.raises(ResultsError, match="line 1 is not a submission"):
        read_stream(path)


def test_the_class_config_names_clusters_and_picks_a_default(tmp_path):
    (tmp_path / "coursekit.toml").write_text(
        'cluster = "hpc"\n[clusters]\nhpc = "tcp://10.0.0.5:8786"\nlaptop = "local:2"\n')
    config = read_config(tmp_path)
    assert config.cluster(None) == "tcp://10.0.0.5:8786"
    assert config.cluster("laptop") == "local:2"
    assert config.cluster("tcp://other:8786") == "tcp://other:8786"  # an address as it is
    (tmp_path / "coursekit.toml").write_text("jobs = 2\n")
    assert read_config(tmp_path).cluster(None) is None  # no cluster: grade here


@pytest.mark.parametrize("text", ['cluster = 3\n', 'clusters = "tcp://x:1"\n',
                                  '[clusters]\nhpc = ""\n'])
def test_a_bad_cluster_setting_names_the_file_and_the_key(tmp_path, text):
    (tmp_path / "coursekit.toml").write_text(text)
    with pytest.raises(ConfigError, match=r"coursekit\.toml: 'cluster"):
        read_config(tmp_path)


def test_a_stream_makes_its_folder_and_says_where_it_cannot_write(tmp_path):
    with ResultsStream(tmp_path / "out" / "results.jsonl") as stream:
        stream.add(0, grade("a", 1))
    assert (tmp_path / "out" / "results.jsonl").is_file()
    (tmp_path / "file").write_text("")
    with pytest.raises(ResultsError, match="cannot write the results here"):
        ResultsStream(tmp_path / "file" / "results.jsonl")


def test_stored_grades_read_back_as_the_list_and_hold_one_submission_at_a_time(tmp_path):
    """The exports of a batch read its grades back from the stream: its memory does not grow
    with the class (a list of these 2,000 grades holds megabytes; the store, an offset each)."""
    import io
    import tracemalloc

    from coursekit.grading.results import ExerciseGrade, write_results

    feedback = "a feedback text as long as a written answer's " * 20
    grades = [SubmissionGrade(f"s{n}.ipynb", "02_percentages", "graded", None, n % 7, 10,
                              [ExerciseGrade(f"q{q}", "correct", 1, 1, feedback)
                               for q in range(1, 10)]) for n in range(2000)]
    with ResultsStream(tmp_path / "results.jsonl") as stream:
        for index in reversed(range(2000)):  # finished in another order than the batch's
            stream.add(index, grades[index])
    stored = stream.grades()
    assert len(stored) == 2000 and stored[5] == grades[5] and stored[1:3] == grades[1:3]
    assert list(stored) == grades and list(stored) == grades  # read twice, the same
    text = io.StringIO()
    write_results(grades, text)
    del grades
    tracemalloc.start()
    out = io.StringIO()
    write_results(stored, out)
    base = len(out.getvalue())  # the export's own text is not the grades
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert out.getvalue() == text.getvalue()
    assert peak - 2 * base < 1_000_000, f"{peak / 2**20:.1f} MiB held while writing"


def test_a_stream_with_a_submission_never_added_says_which(tmp_path):
    with ResultsStream(tmp_path / "results.jsonl") as stream:
        stream.add(1, grade("b", 2))
    with pytest.raises(ResultsError, match=r"results\.jsonl: no result for the submission\(s\) "
                                           r"at 0"):
        stream.grades()


def test_an_engine_that_stops_fails_the_rest_one_notebook_at_a_time(tmp_path, monkeypatch):
    """After the engine stops, each notebook not yet read is read and failed in turn: the
    batch never holds the rest of the class at once."""
    import shutil
    from pathlib import Path

    from coursekit.grading import pipeline
    from coursekit.grading.options import GradeOptions

    lesson = Path(__file__).resolve().parents[1] / "lessons" / "02_percentages.ipynb"
    paths = [tmp_path / f"s{n}.ipynb" for n in range(8)]
    for path in paths:
        shutil.copy(lesson, path)
    read, held = [], []
    real_read = pipeline.read

    def counted(path):
        read.append(path)
        return real_read(path)

    def breaks(jobs, *args):
        next(iter(jobs))
        raise RuntimeError("the engine broke")

    monkeypatch.setattr(pipeline, "read", counted)
    monkeypatch.setitem(pipeline.ENGINES, "fast", breaks)
    grades = {}
    for index, graded in pipeline.grade_stream(paths, GradeOptions(sandbox="off")):
        held.append(len(read) - len(grades))
        grades[index] = graded
    assert sorted(grades) == list(range(8))
    assert all(g.error == "the grading engine stopped before this notebook was graded "
                          "(the engine broke)" for g in grades.values())
    assert max(held) <= 2, f"notebooks read and not yet failed: {held}"


def test_coursekit_grade_keeps_no_grade_in_memory_while_it_exports(tmp_path, monkeypatch,
                                                                    capsys):
    """The whole command: grading seven times the class (runs faked, answers judged, JSON
    and gradebook written) takes little more memory at its peak: about 1 KB a submission
    for its paths and job numbers, and garbage not yet collected (under 2.5 KB a submission
    in all, allowed); holding every grade (about 5.5 KB each here) would take 3.3 MB more
    for the 600 extra submissions."""
    import tracemalloc

    from nbformat.v4 import new_code_cell, new_notebook

    from coursekit.cli.app import main
    from coursekit.grading import pipeline
    from coursekit.running.engines import Run
    from coursekit.running.notebooks import write

    def no_run(jobs, *args):  # the learners' code is not what is measured
        for job in jobs:
            yield job.id, Run({}, [])

    monkeypatch.setitem(pipeline.ENGINES, "kernel", no_run)
    small = new_notebook(cells=[new_code_cell("x = 1")],
                         metadata={"coursekit": {"lesson": "02_percentages"}})

    def peak(size: int) -> int:
        folder = tmp_path / f"class{size}"
        folder.mkdir()
        for number in range(size):
            write(small, folder / f"learner{number:04d}.ipynb")
        tracemalloc.start()
        assert main(["grade", str(folder), "--engine", "kernel", "--no-sandbox",
                     "--export", f"json:{tmp_path}/results{size}.json",
                     "--export", f"csv:{tmp_path}/grades{size}.csv"]) == 0
        most = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        return most

    peak(20)  # caches filled: lessons, checks, readers
    few, many = peak(100), peak(700)
    capsys.readouterr()
    assert json.loads((tmp_path / "results700.json").read_text())["submissions"][699][
        "path"].endswith("learner0699.ipynb")
    assert many - few < 600 * 2500, f"{(many - few) / 600:.0f} bytes more a submission"

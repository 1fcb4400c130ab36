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

"""Who a submission is from: the documented rule, and a roster that maps ids to learners."""

from __future__ import annotations

import csv
import shutil

import pytest

from coursekit.cli.app import main
from coursekit.exporters import Batch, get_exporter
from coursekit.grading.identity import Roster, RosterError, learner_id, raw_learner_id, submitter
from coursekit.grading.results import SubmissionGrade, to_json

from .conftest import LESSONS, SOLUTIONS
from .lms_importers import CanvasStudent, MoodleUser, canvas_import, moodle_import
from .test_lms import canvas_rows

LESSON_IDS = {"02_percentages"}


@pytest.mark.parametrize(("path", "learner"), [
    ("class/alice.ipynb", "alice"),
    ("class/bob/02_percentages.ipynb", "bob"),
    ("class/zoë.ipynb", "zoë"),
    ("02_percentages.ipynb", "02_percentages"),  # no folder to name the learner
])
def test_the_raw_id_comes_from_the_file_or_its_folder(path, learner):
    assert raw_learner_id(path, LESSON_IDS) == learner


def test_a_roster_maps_names_emails_and_ids(tmp_path):
    roster_file = tmp_path / "roster.csv"
    roster_file.write_text("\ufefflearner,name,email,id\n"
                           "s001,Zoë Brown,zoe@example.org,1234\n"
                           "s002,Łukasz Nowak,lukasz@example.org,5678\n"
                           "s003,李明,li@example.org,9012\n", encoding="utf-8")
    roster = Roster.from_csv(roster_file)
    assert learner_id("c/zoë brown.ipynb", LESSON_IDS, roster) == "s001"
    assert learner_id("c/LUKASZ@example.org/02_percentages.ipynb", LESSON_IDS, roster) == "s002"
    assert learner_id("c/9012.ipynb", LESSON_IDS, roster) == "s003"
    assert learner_id("c/李明.ipynb", LESSON_IDS, roster) == "s003"
    assert learner_id("c/stranger.ipynb", LESSON_IDS, roster) == "stranger"
    assert roster.unmatched(["zoë brown", "stranger"]) == ["stranger"]
    assert roster.missing(["zoë brown", "9012"]) == ["s002"]


@pytest.mark.parametrize(("text", "problem"), [
    ("name,email\nZoë,z@x\n", "needs a header row with a 'learner' column"),
    ("", "no rows"),
])
def test_a_bad_roster_is_explained(tmp_path, text, problem):
    path = tmp_path / "roster.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RosterError, match=problem):
        Roster.from_csv(path)
    with pytest.raises(RosterError, match=r"roster\.csv"):
        Roster.from_csv(tmp_path / "missing" / "roster.csv")


# Identity from what the platform made: only the top level of a download names a learner.

def lesson_02(path: str, score: float) -> SubmissionGrade:
    """A graded submission of lesson 02 with this score."""
    return SubmissionGrade(path, "02_percentages", "graded", None, score, 11, [])


MOODLE_ALICE = "dl/Alice Smith_1234_assignsubmission_file_/02_percentages.ipynb"
#: Mallory's own folder, holding a file she named the way Moodle names Alice's files.
MOODLE_FORGED = ("dl/Mallory Jones_5678_assignsubmission_file_/"
                 "Alice Smith_1234_assignsubmission_file_02_percentages.ipynb")


@pytest.mark.parametrize("forged", [
    MOODLE_FORGED,
    "dl/Mallory Jones_5678_assignsubmission_file_/alice_4021_99001_02_percentages.ipynb",
    "dl/Mallory Jones_5678_assignsubmission_file_/Alice Smith_1234_assignsubmission_file_/"
    "02_percentages.ipynb",
])
def test_a_name_inside_a_learners_moodle_folder_does_not_make_it_someone_elses(forged):
    batch = Batch([lesson_02(MOODLE_ALICE, 7), lesson_02(forged, 10)],
                  lesson_ids=frozenset(LESSON_IDS), roots=("dl",))
    assert [batch.learner(g) for g in batch.grades] == ["Alice Smith", "Mallory Jones"]
    assert not batch.disputes


@pytest.mark.parametrize("roots", [("class",), ()])  # given, or found from the paths
def test_under_the_folder_rule_a_learners_folder_names_every_notebook_in_it(roots):
    paths = ["class/alice/02_percentages.ipynb", "class/mallory/alice.ipynb",
             "class/mallory/brownzoë_4021_99001_02_percentages.ipynb", "class/bob.ipynb"]
    batch = Batch([lesson_02(p, 1) for p in paths], lesson_ids=frozenset(LESSON_IDS),
                  roots=roots)
    assert [batch.learner(g) for g in batch.grades] == ["alice", "mallory", "mallory", "bob"]


def test_a_download_at_the_top_level_keeps_the_lms_names():
    canvas = "dl/brownzoë_4021_99001_02_percentages.ipynb"
    assert raw_learner_id(canvas, LESSON_IDS, "dl") == "4021"
    assert raw_learner_id(MOODLE_ALICE, LESSON_IDS, "dl") == "Alice Smith"
    flat = "dl/Alice Smith_1234_assignsubmission_file_02_percentages.ipynb"
    assert raw_learner_id(flat, LESSON_IDS, "dl") == "Alice Smith"
    # without folders, a learner's own name copying Moodle's follows Moodle's: not trusted
    copied = ("dl/Mallory Jones_5678_assignsubmission_file_Alice Smith_1234_"
              "assignsubmission_file_02_percentages.ipynb")
    assert submitter(copied, LESSON_IDS, "dl").platform is None
    # the teacher graded one learner's Moodle folder alone: that folder still names her
    assert raw_learner_id(MOODLE_FORGED, LESSON_IDS, MOODLE_FORGED.rsplit("/", 1)[0]) == (
        "Mallory Jones")


def test_two_sources_claiming_one_learner_are_both_held_back(tmp_path, caplog):
    roster_file = tmp_path / "roster.csv"
    roster_file.write_text("learner,name,email\ns001,Alice Smith,alice@example.org\n",
                           encoding="utf-8")
    # two learners of one name in Moodle, so two folders that both name Alice Smith
    twin = "dl/Alice Smith_9999_assignsubmission_file_/02_percentages.ipynb"
    batch = Batch([lesson_02(MOODLE_ALICE, 7), lesson_02(twin, 3)],
                  Roster.from_csv(roster_file), frozenset(LESSON_IDS), roots=("dl",))
    assert list(batch.disputes) == [("s001", "02_percentages")]
    get_exporter("moodle").write(batch, tmp_path / "moodle.csv")
    assert len(canvas_rows(tmp_path / "moodle.csv")) == 1  # the header: neither wins
    held = canvas_rows(tmp_path / "moodle-not-imported.csv")
    assert [(row[0], row[2], row[5]) for row in held[1:]] == [("s001", "7", MOODLE_ALICE),
                                                              ("s001", "3", twin)]
    assert "2 submissions from different sources claim this learner" in caplog.text


def test_the_reviewers_moodle_attack_credits_nobody_else(tmp_path):
    """The attack as reported, through ``coursekit export``: Mallory's folder of a Moodle
    download held a file named as Moodle names Alice's. Alice's Moodle and Canvas grade
    became Mallory's 10; now each import credits each learner with their own grade,
    replayed as Moodle (load_data.php) and Canvas (gradebook_importer.rb) match rows."""
    results = tmp_path / "results.json"
    results.write_text(to_json([lesson_02(MOODLE_ALICE, 7), lesson_02(MOODLE_FORGED, 10)]),
                       encoding="utf-8")
    roster = tmp_path / "roster.csv"
    roster.write_text("learner,name,email,id\n"
                      "s001,Alice Smith,alice@example.org,4021\n"
                      "s002,Mallory Jones,mallory@example.org,4022\n", encoding="utf-8")
    assert main(["export", str(results), "--roster", str(roster),
                 "--export", f"moodle:{tmp_path / 'moodle.csv'}",
                 "--export", f"canvas:{tmp_path / 'canvas.csv'}"]) == 0
    moodle = moodle_import((tmp_path / "moodle.csv").read_text(encoding="utf-8"),
                           "Email address", "useremail", {"Percentages and shares": "q"},
                           [MoodleUser(1, "alice@example.org"),
                            MoodleUser(2, "mallory@example.org")])
    assert moodle == {1: {"q": 7.0}, 2: {"q": 10.0}}
    canvas = canvas_import((tmp_path / "canvas.csv").read_text(encoding="utf-8"),
                           [CanvasStudent(4021, "Alice Smith"),
                            CanvasStudent(4022, "Mallory Jones")],
                           {81234: "Percentages and shares"})
    assert canvas.grades == {4021: {81234: "7"}, 4022: {81234: "10"}}


def test_the_reviewers_folder_attack_credits_nobody_else(tmp_path):
    """``mallory/alice.ipynb`` under the folder rule was Alice's; it is Mallory's."""
    results = tmp_path / "results.json"
    results.write_text(to_json([lesson_02("class/alice/02_percentages.ipynb", 7),
                                lesson_02("class/mallory/alice.ipynb", 10)]), encoding="utf-8")
    assert main(["export", str(results), "--export", f"csv:{tmp_path / 'grades.csv'}"]) == 0
    with open(tmp_path / "grades.csv", encoding="utf-8-sig", newline="") as stream:
        rows = [(row["learner"], row["total"]) for row in csv.DictReader(stream)]
    assert rows == [("alice", "7"), ("mallory", "10")]


def test_the_gradebook_names_both_submissions_of_a_disputed_learner(tmp_path):
    twin = "dl/Alice Smith_9999_assignsubmission_file_/02_percentages.ipynb"
    batch = Batch([lesson_02(MOODLE_ALICE, 7), lesson_02(twin, 3)],
                  lesson_ids=frozenset(LESSON_IDS))
    get_exporter("csv").write(batch, tmp_path / "grades.csv")
    with open(tmp_path / "grades.csv", encoding="utf-8-sig", newline="") as stream:
        flags = [row["flags"] for row in csv.DictReader(stream)]
    assert flags == [f"the same learner as {twin}: check who sent which",
                     f"the same learner as {MOODLE_ALICE}: check who sent which"]


def test_grading_a_download_reads_learners_from_its_top(tmp_path):
    """``coursekit grade FOLDER``: the folder given is the top of the download."""
    download = tmp_path / "dl"
    for path, notebook in ((MOODLE_ALICE, LESSONS), (MOODLE_FORGED, SOLUTIONS)):
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(notebook / "02_percentages.ipynb", tmp_path / path)
    assert main(["grade", str(download), "--jobs", "1",
                 "--export", f"csv:{tmp_path / 'grades.csv'}"]) == 0
    with open(tmp_path / "grades.csv", encoding="utf-8-sig", newline="") as stream:
        rows = {row["learner"]: float(row["total"]) for row in csv.DictReader(stream)}
    assert set(rows) == {"Alice Smith", "Mallory Jones"}
    assert rows["Mallory Jones"] > rows["Alice Smith"]  # Mallory's solved copy stays hers

"""Who a submission is from: the documented rule, and a roster that maps ids to learners."""

from __future__ import annotations

import pytest

from coursekit.grading.identity import Roster, RosterError, learner_id, raw_learner_id

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

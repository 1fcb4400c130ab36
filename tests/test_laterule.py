"""Late rules: the arithmetic at its edges, and the rule carried into a late record."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest

from coursekit.base.errors import UsageError
from coursekit.cli import app as cli
from coursekit.cli.options import late_rule, with_class_config
from coursekit.exporters.feedback import render_feedback
from coursekit.grading.deadlines import Deadlines, apply_lateness
from coursekit.grading.laterule import LateRule
from coursekit.grading.results import SubmissionGrade

DAY, HOUR, MINUTE, SECOND = (timedelta(days=1), timedelta(hours=1), timedelta(minutes=1),
                             timedelta(seconds=1))
PER_DAY = LateRule(10, per="day", cap=30, grace=15)


@pytest.mark.parametrize(("late_by", "percent"), [
    (SECOND, 0),                       # within the grace period
    (15 * MINUTE, 0),                  # exactly at its end: still within
    (15 * MINUTE + SECOND, 10),        # past it: the first started day
    (DAY, 10),                         # exactly one day
    (DAY + SECOND, 20),                # a second day started
    (2 * DAY + HOUR, 30),              # three started days
    (10 * DAY, 30),                    # the cap
    (None, 10),                        # marked late with no time (Canvas): one day
])
def test_a_started_day_counts_whole_after_the_grace_period_up_to_the_cap(late_by, percent):
    assert PER_DAY.percent_off(late_by) == percent


@pytest.mark.parametrize(("late_by", "percent"), [
    (MINUTE, 2), (HOUR, 2), (HOUR + SECOND, 4), (5 * HOUR + MINUTE, 12), (100 * HOUR, 100)])
def test_per_hour_without_cap_or_grace(late_by, percent):
    assert LateRule(2, per="hour").percent_off(late_by) == percent


def test_a_flat_rule_is_the_old_late_penalty():
    assert [LateRule(10).percent_off(t) for t in (SECOND, 30 * DAY, None)] == [10, 10, 10]
    assert LateRule(10, grace=5).percent_off(5 * MINUTE) == 0


def test_the_rule_in_words():
    assert PER_DAY.describe() == ("10% off per started day late, at most 30%, nothing within "
                                  "15 min of the deadline")
    assert LateRule(5).describe() == "5% off"


@pytest.mark.parametrize(("settings", "message"), [
    ({"percent": 120}, "'late-penalty' must be a percentage from 0 to 100 (got 120)"),
    ({"percent": 10, "per": "week"}, "'late-per' must be one of ['flat', 'day', 'hour']"),
    ({"percent": 10, "cap": -1}, "'late-cap' must be a percentage from 0 to 100 (got -1)"),
    ({"percent": 10, "grace": True}, "'late-grace' must be a number of minutes, 0 or more"),
])
def test_a_bad_rule_is_refused_with_its_setting_named(settings, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        LateRule(**settings)


def test_settings_build_the_rule_and_no_penalty_is_no_rule():
    assert LateRule.from_settings({"late_penalty": 10, "late_per": "day", "late_cap": None}) == (
        LateRule(10, per="day"))
    assert LateRule.from_settings({"late_penalty": 0, "late_per": "day"}) is None
    assert LateRule.from_settings({}) is None


def test_the_late_record_keeps_the_rule_and_the_feedback_page_shows_it():
    due = datetime(2026, 3, 6, 23, 59, tzinfo=timezone.utc)
    grades = [SubmissionGrade(f"c/{name}.ipynb", "02_percentages", "graded", None, 8, 10)
              for name in ("ann", "ben", "cy")]
    times = {"c/ann.ipynb": due + 10 * MINUTE, "c/ben.ipynb": due + DAY + HOUR,
             "c/cy.ipynb": due - HOUR}
    out = apply_lateness(grades, {"02_percentages"}, deadlines=Deadlines({"02_percentages": due}),
                         late_penalty=PER_DAY, submitted=times)
    assert [(g.score, g.late["penalty"], g.late["percent_off"], g.late["rule"]) for g in out] == [
        (8, 0, 0, PER_DAY.describe()), (6.4, 1.6, 20, PER_DAY.describe()), (8, 0, 0, None)]
    within_grace, late, on_time = (render_feedback(g, g.path) for g in out)
    rule = f"Late rule: {PER_DAY.describe()}."
    assert "Late by 10 min" in within_grace and rule in within_grace
    assert "Nothing was taken off your score." in within_grace
    assert "Late by 1 day 1 h (due 2026-03-06T23:59:00+00:00)." in late and rule in late
    assert "It took 20% of your score off: 1.6 points" in late
    assert "Handed in late" not in on_time
    # a record from before late rules (no 'rule'): the points taken off are still shown
    older = replace(out[1], late={k: v for k, v in out[1].late.items()
                                  if k not in ("rule", "percent_off")})
    assert "1.6 points were taken off your score" in render_feedback(older, "ben")


def test_flags_build_the_rule_over_the_class_config_file(tmp_path, monkeypatch):
    (tmp_path / "coursekit.toml").write_text(
        "late-penalty = 10\nlate-per = 'day'\nlate-cap = 30\nlate-grace = 15\n")
    monkeypatch.chdir(tmp_path)

    def rule_of(*flags: str) -> LateRule | None:
        return late_rule(with_class_config(cli._parser().parse_args(["grade", "x", *flags])))

    assert rule_of() == PER_DAY
    assert rule_of("--late-per", "hour", "--late-cap", "50") == LateRule(10, "hour", 50, 15)
    assert rule_of("--late-penalty", "0") is None  # a flag turns the file's penalty off
    (tmp_path / "coursekit.toml").write_text("late-per = 'day'\n")
    with pytest.raises(UsageError, match="the late rule: 'late-per' needs 'late-penalty'"):
        rule_of()
    assert rule_of("--late-penalty", "5") == LateRule(5, "day")  # the old flag: now per day
    with pytest.raises(SystemExit):
        cli._parser().parse_args(["grade", "x", "--late-penalty", "5", "--late-cap", "101"])


def test_canvas_late_work_has_no_time_so_one_unit_is_taken_off_and_the_teacher_is_told(caplog):
    """Canvas's download marks a file late without saying by how much: a per-day rule counts
    one started day, and the teacher is warned that the count is a floor."""
    grade = SubmissionGrade("dl/brownzoë_LATE_4021_99001_02_percentages.ipynb",
                            "02_percentages", "graded", None, 8, 10)
    with caplog.at_level("WARNING", logger="coursekit"):
        [out] = apply_lateness([grade], {"02_percentages"}, late_penalty=PER_DAY)
    assert (out.late["source"], out.late["percent_off"], out.score) == ("canvas", 10, 7.2)
    assert "1 submission(s) marked late by Canvas, whose download records no time: each is " \
           "counted as one started day late" in caplog.text

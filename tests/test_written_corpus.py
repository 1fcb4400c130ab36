"""The written exercises' rubrics against a labelled corpus of learners' answers.

Every good answer must get all the machine points, every bad one none, every partial one
the machine points its label gives, and every one labelled ``teacher`` none, marked for the
teacher (tests/written_corpus.py reads the corpus). A criterion that cannot agree with its
corpus gives no machine points: it becomes the teacher's. The agreement per exercise is
printed at the end of pytest's report (tests/conftest.py, ``pytest_terminal_summary``).
"""

from __future__ import annotations

import pytest

from coursekit.model.exercises import lessons

from .written_corpus import (
    LABELS,
    Corpus,
    agrees,
    corpora,
    expected,
    judged,
    machine_points,
    summary,
)

CORPORA = corpora()
#: The fewest answers a corpus holds, and the labels every corpus must have.
FEWEST = 25
NEEDED = {"good", "bad", "partial"}


def test_every_written_exercise_has_a_corpus_of_labelled_answers():
    written = {(lesson.id, e.id) for lesson in lessons().values() for e in lesson.exercises
               if e.kind == "written"}
    assert {(c.lesson, c.exercise.id) for c in CORPORA} == written
    for corpus in CORPORA:
        labels = [a.label for a in corpus.answers]
        assert len(labels) >= FEWEST, f"{corpus.path.name}: {len(labels)} answers"
        assert NEEDED <= set(labels) <= set(LABELS), f"{corpus.path.name}: {sorted(set(labels))}"
        for answer in corpus.answers:
            assert answer.text.strip() and answer.why.strip(), answer
            most = machine_points(corpus.exercise)
            if answer.label == "partial":
                assert answer.points is not None and 0 <= answer.points < most, answer
            else:
                assert answer.points is None, answer


@pytest.mark.parametrize("corpus", CORPORA, ids=lambda c: c.path.stem)
def test_the_machine_gives_the_points_a_teacher_would(corpus: Corpus, record_property):
    record_property("summary", summary(corpus))
    wrong = [f"{a.label} ({a.why}): expected {expected(corpus, a):g}, got "
             f"{judged(corpus.exercise, a.text):g}: {a.text!r}"
             for a in corpus.answers if not a.engine and not agrees(corpus, a)]
    assert not wrong, "\n".join(wrong)


def test_what_the_engine_still_misreads_is_named():
    """An answer marked with what the engine misreads must still disagree: once the engine
    reads it, the mark goes and the answer counts like any other."""
    read_now = [a.text for c in CORPORA for a in c.answers if a.engine and agrees(c, a)]
    assert not read_now, f"the engine now reads these; remove their 'engine' mark: {read_now}"

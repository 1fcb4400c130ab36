"""The labelled corpus of written answers: load it, judge it, and count the agreement.

Each file of ``tests/corpus/written/`` holds answers to one written exercise, written as
learners write them, each labelled as a teacher would with a one-line ``why``:

- ``good``: every machine point;
- ``bad``: none;
- ``partial``: the machine points a teacher would give, in ``points`` (none where all of its
  credit is for the teacher's criteria);
- ``teacher``: a partial answer the machine cannot judge: no machine points, and the rubric's
  statement gate marks it for the teacher.

An answer the engine still misreads carries ``engine``: what it misreads. Its label stands;
the test expects it to disagree until the engine reads it (then the mark must go). Used by
tests/test_written_corpus.py and benchmarks/written_corpus.py (the agreement table and the
cost of judging one answer).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from coursekit.judging.checking import check_snapshot
from coursekit.model.exercises import Exercise, get_lesson

CORPUS = Path(__file__).parent / "corpus" / "written"
#: How the judge's feedback starts when a gate sends an answer to the teacher.
GATE = "\u2691"
LABELS = ("good", "bad", "partial", "teacher")


@dataclass(frozen=True)
class Answer:
    """One labelled answer: its text, the teacher's label, the reason, and a partial's points."""

    text: str
    label: str
    why: str
    points: float | None = None
    #: What the engine still misreads in this answer, if anything.
    engine: str = ""


@dataclass(frozen=True)
class Corpus:
    """The labelled answers to one written exercise, from one file."""

    path: Path
    lesson: str
    exercise: Exercise
    answers: tuple[Answer, ...]

    @property
    def name(self) -> str:
        """The lesson and exercise, as '02 q9'."""
        return f"{self.path.stem.replace('_', ' ')}"


def machine_points(exercise: Exercise) -> float:
    """The points a rubric's machine criteria can give (neither the teacher's nor a penalty)."""
    return sum(c.points for c in exercise.rubric if not (c.by_teacher or c.penalty))


def expected(corpus: Corpus, answer: Answer) -> float:
    """The machine points the teacher's label asks for."""
    if answer.label == "good":
        return machine_points(corpus.exercise)
    if answer.label in ("bad", "teacher"):
        return 0.0
    assert answer.points is not None
    return answer.points


def judged(exercise: Exercise, text: str) -> float:
    """The machine points the exercise's rubric gives the text (none when its gate sends the
    text to the teacher)."""
    return check_snapshot(exercise, {"type": "text", "value": text}).points


def gated(exercise: Exercise, text: str) -> bool:
    """Whether the rubric's statement gate sends the text to the teacher."""
    return check_snapshot(exercise, {"type": "text", "value": text}).feedback.startswith(GATE)


def agrees(corpus: Corpus, answer: Answer) -> bool:
    """Whether the machine gives the answer what its label asks (and, for ``teacher``, marks
    it for the teacher)."""
    right = abs(judged(corpus.exercise, answer.text) - expected(corpus, answer)) < 1e-9
    return right and (answer.label != "teacher" or gated(corpus.exercise, answer.text))


def load(path: Path) -> Corpus:
    """The corpus in one YAML file (a lesson, an exercise id and labelled answers)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    lesson = get_lesson(data["lesson"])
    exercise = next((e for e in lesson.exercises if e.id == data["exercise"]), None)
    if exercise is None or exercise.kind != "written":
        raise ValueError(f"{path.name}: {lesson.id} has no written exercise {data['exercise']!r}")
    answers = tuple(Answer(a["text"], a["label"], a["why"], a.get("points"),
                           a.get("engine", "")) for a in data["answers"])
    return Corpus(path, lesson.id, exercise, answers)


def corpora() -> list[Corpus]:
    """Every exercise's corpus, in file order."""
    return [load(path) for path in sorted(CORPUS.glob("*.yaml"))]


def agreement(corpus: Corpus) -> dict[str, tuple[int, int]]:
    """Per label: how many answers get the machine points their label asks for, of how many."""
    counts = {}
    for label in LABELS:
        answers = [a for a in corpus.answers if a.label == label]
        agree = sum(agrees(corpus, a) for a in answers)
        counts[label] = (agree, len(answers))
    return counts


def table(found: list[Corpus]) -> str:
    """The agreement per exercise, one line each: good, bad and partial answers that agree."""
    lines = [f"{'exercise':8} " + " ".join(f"{label:>7}" for label in LABELS)]
    for corpus in found:
        counts = agreement(corpus)
        lines.append(f"{corpus.name:8} " + " ".join(f"{a:>3}/{n:<3}" for a, n in
                                                     (counts[label] for label in LABELS)))
    return "\n".join(lines)


def summary(corpus: Corpus) -> str:
    """One exercise's agreement in a line: 'written corpus 02 q9: good 13/13, bad 8/8, ...'."""
    counts = agreement(corpus)
    return f"written corpus {corpus.name}: " + ", ".join(
        f"{label} {agree}/{count}" for label, (agree, count) in counts.items() if count)

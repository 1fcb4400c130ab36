"""One vocabulary of bounds, defined once in reading_numbers.vocabulary and used by every lesson."""

from __future__ import annotations

from coursekit.model.data import QUALIFIERS
from coursekit.model.exercises import get_lesson, lessons
from reading_numbers.lessons.growth import growth_bound_kind
from reading_numbers.vocabulary import BOUNDS, QUALIFIER_BOUNDS, reversed_bound

#: The exercises that ask what a stated number lets a reader conclude about the true value.
BOUND_EXERCISES = (("01_reading_numbers", "q4"), ("03_growth", "q4"))


def test_every_qualifier_has_exactly_one_bound_from_the_vocabulary():
    assert set(QUALIFIER_BOUNDS) == set(QUALIFIERS)
    assert set(QUALIFIER_BOUNDS.values()) == set(BOUNDS)


def test_bound_exercises_offer_the_vocabulary_and_expect_a_word_of_it():
    for lesson, exercise_id in BOUND_EXERCISES:
        exercise = get_lesson(lesson).exercise(exercise_id)
        assert exercise.choices == BOUNDS, f"{lesson} {exercise_id} has its own bound words"
        assert exercise.expected() in BOUNDS


def test_no_other_choice_exercise_spells_a_bound_differently():
    near_misses = {"lower", "upper", "floor", "ceiling", "unknown", "approx"}
    for lesson in lessons().values():
        for exercise in lesson.exercises:
            assert not near_misses & set(exercise.choices or ()), f"{lesson.id} {exercise.id}"


def test_a_bound_on_a_denominator_flips_and_the_others_stay():
    assert reversed_bound("lower_bound") == "upper_bound"
    assert reversed_bound("upper_bound") == "lower_bound"
    assert reversed_bound("exact") == "exact"
    assert reversed_bound("approximate") == "approximate"
    # lesson 03: a ceiling on the old income makes the computed growth a floor
    assert QUALIFIER_BOUNDS["less_than"] == "upper_bound"
    assert growth_bound_kind("worker_income_before") == "lower_bound"

"""The tiny course's only lesson: one share."""

from coursekit import Exercise, Lesson, figure, fraction_for_percent, share_percent

LESSON = Lesson(
    id="t01_first",
    title="A first share",
    exercises=(
        Exercise(id="q1", title="The share of members who voted", answer="voted_share",
                 expected=lambda: share_percent(figure("voters"), figure("members")),
                 tolerance=0.05, unit="percent", hints=("voters / members, times 100",),
                 solution="voted_share = ck.share_percent(ck.figure('voters'), "
                          "ck.figure('members'))",
                 mistakes=(fraction_for_percent(),)),
    ),
)

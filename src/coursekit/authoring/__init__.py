"""Authoring: the release pipeline that turns solution notebooks into learners' copies, a new
course written from templates (``coursekit new``), the author's checks of a course
(``coursekit check``), the key-free wheel of an assessment, the learners' publication (a
branch of its own), and the pacing model that estimates each lesson's time.

Imports: :mod:`coursekit.learner` (assessment releases), :mod:`coursekit.grading`
(version stamps) and the wings below them.
"""

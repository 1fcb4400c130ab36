"""Authoring: the release pipeline that turns solution notebooks into learners' copies, the
key-free wheel of an assessment, and the learners' publication (a branch of its own).

Imports: :mod:`coursekit.learner` (assessment releases), :mod:`coursekit.grading`
(version stamps) and the wings below them.
"""
